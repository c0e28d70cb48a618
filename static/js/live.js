// A live stream for one element: connect, announce status politely, reconnect with
// exponential backoff and jitter. Events are handed to listeners as "engage:event".
const MAX_DELAY_MS = 30000;

export function startLiveStatus(element) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const url = `${scheme}//${window.location.host}${element.dataset.liveStream}`;
  let attempt = 0;

  function setStatus(text, state) {
    element.textContent = text;
    element.dataset.liveState = state;
  }

  function connect() {
    const socket = new WebSocket(url);
    socket.addEventListener("message", (message) => {
      const event = JSON.parse(message.data);
      if (event.type === "stream.hello") {
        attempt = 0;
        setStatus("Live updates are on: new posts appear here as they happen.", "open");
        return;
      }
      element.dispatchEvent(new CustomEvent("engage:event", { detail: event, bubbles: true }));
    });
    socket.addEventListener("close", () => {
      attempt += 1;
      const ceiling = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt);
      const delay = ceiling / 2 + Math.random() * (ceiling / 2);
      setStatus("Live updates paused. Reconnecting… (reload the page to see the latest)", "closed");
      window.setTimeout(connect, delay);
    });
  }

  connect();
}
