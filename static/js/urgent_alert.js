// The urgent alert on moderation pages: when an urgent item arrives, moves into the urgent lane
// or is escalated for want of a moderator, the red banner appears (read out at once: it is a
// role=alert region), the tab title flashes and, if the moderator switched it on, a tone plays.
// Without this file the server still shows the banner on every load.
const RAISING = new Set(["item.new", "item.lane", "item.escalated"]);
const SOUND_KEY = "engage.urgentSound";

let audio = null;
let titleTimer = null;

function tone() {
  // Two short beeps from an oscillator: no sound file to fetch, and only after the moderator
  // ticked the box (browsers allow audio only after a user gesture).
  audio = audio || new AudioContext();
  [0, 0.35].forEach((start) => {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime + start);
    gain.gain.setValueAtTime(0, audio.currentTime + start + 0.2);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(audio.currentTime + start);
    oscillator.stop(audio.currentTime + start + 0.25);
  });
}

function flashTitle() {
  if (titleTimer) {
    return;
  }
  const original = document.title;
  let on = false;
  titleTimer = setInterval(() => {
    on = !on;
    document.title = on ? `(!) Urgent item: ${original}` : original;
  }, 1000);
  const stop = () => {
    clearInterval(titleTimer);
    titleTimer = null;
    document.title = original;
  };
  window.addEventListener("focus", stop, { once: true });
  document.addEventListener("keydown", stop, { once: true });
}

function raise(banner, event) {
  const count = Number(banner.dataset.count) + (event.type === "item.escalated" ? 0 : 1);
  banner.dataset.count = String(count);
  const text = event.type === "item.escalated"
    ? "An urgent item has waited with nobody on it and has been escalated. Take it now if you can."
    : `${count === 1 ? "1 urgent item is" : `${count} urgent items are`} waiting: someone may be in danger now.`;
  banner.querySelector("[data-urgent-text]").textContent = text;
  banner.hidden = false;
  banner.classList.add("app-urgent-alert--new");
  flashTitle();
  if (localStorage.getItem(SOUND_KEY) === "on") {
    tone();
  }
}

export function urgentAlert() {
  const banner = document.querySelector("[data-urgent-alert]");
  if (!banner) {
    return;
  }
  const sound = banner.querySelector("[data-urgent-sound]");
  const box = sound.querySelector("input");
  sound.hidden = false;
  box.checked = localStorage.getItem(SOUND_KEY) === "on";
  box.addEventListener("change", () => {
    localStorage.setItem(SOUND_KEY, box.checked ? "on" : "off");
    if (box.checked) {
      tone();  // the gesture that unlocks audio, and a sample of the sound
    }
  });
  document.addEventListener("engage:moderation", ({ detail }) => {
    if (RAISING.has(detail.type) && detail.lane === "urgent" && detail.state === "pending"
        && !(detail.type === "item.lane" && detail.from_lane === "urgent")) {
      raise(banner, detail);
    }
  });
}
