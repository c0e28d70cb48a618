// Live streams: connect, resume from the last event id seen, reconnect with exponential
// backoff and jitter. Every page works without this: a reload shows the same.
import { announce } from "./announce.js";

const MAX_DELAY_MS = 30000;
// The server sends a heartbeat after 25 s of quiet; silence well past that means the connection
// is dead even if the browser has not noticed (a phone that changed networks).
const SILENCE_MS = 60000;

export function startStream(element, onEvent) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  let last = element.dataset.liveLast || "";
  let attempt = 0;

  function setStatus(text, state) {
    if (element.dataset.liveState !== state) {
      element.textContent = text;
      element.dataset.liveState = state;
    }
  }

  function connect() {
    const query = last ? `?last=${encodeURIComponent(last)}` : "";
    const socket = new WebSocket(`${scheme}//${window.location.host}${element.dataset.liveStream}${query}`);
    let watchdog = 0;
    let retired = false;
    function retire() {  // once per socket: schedule the next attempt, with backoff and jitter
      if (retired) {
        return;
      }
      retired = true;
      window.clearTimeout(watchdog);
      attempt += 1;
      const ceiling = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt);
      setStatus("Live updates paused: reconnecting. Reload the page to see the latest.", "closed");
      window.setTimeout(connect, ceiling / 2 + Math.random() * (ceiling / 2));
    }
    function listen() {
      window.clearTimeout(watchdog);
      watchdog = window.setTimeout(() => {
        retire();
        socket.close();
      }, SILENCE_MS);
    }
    listen();
    socket.addEventListener("message", (message) => {
      if (retired) {
        return;  // a socket given up for dead that speaks after all: its successor has the stream
      }
      listen();
      const event = JSON.parse(message.data);
      if (event.type === "stream.hello") {
        attempt = 0;
        if (!last && event.last) {
          last = String(event.last);  // resume from here after a drop, even on a page without it
        }
        setStatus("Live updates are on: changes appear here as they happen.", "open");
      } else if (event.type === "stream.reload") {
        setStatus("A lot has changed: reload the page to see the latest.", "stale");
      } else if (event.type !== "stream.heartbeat") {
        last = String(event.id);  // every event is a row of its stream: team posts too
        onEvent(event);
      }
    });
    socket.addEventListener("close", (closed) => {
      if (closed.code === 4403 || closed.code === 4404) {
        retired = true;
        window.clearTimeout(watchdog);
        setStatus("Live updates have stopped. Reload the page to see the latest.", "ended");
        return;
      }
      retire();
    });
  }

  connect();
}

export function concernPage(element) {
  const timeline = document.getElementById("timeline");
  const status = document.querySelector("[data-live-status]");
  startStream(element, (event) => {
    if (status && event.status_label) {
      status.textContent = event.status_label;
    }
    if (!event.html || !timeline) {
      return;
    }
    const holder = document.createElement("template");
    holder.innerHTML = event.html.trim();  // rendered by our server from cleaned HTML only
    const item = holder.content.firstElementChild;
    const existing = item.id ? document.getElementById(item.id) : null;
    if (existing) {
      existing.replaceWith(item);
    } else {
      timeline.append(item);
    }
    announce(event.type === "reply.added" ? "A new reply from the neighbourhood team has arrived."
      : event.type === "update.added" ? "A resident added an update."
        : `The status is now ${event.status_label}.`);
  });
}

function showTeamPost(event) {
  const list = document.getElementById("team-posts");
  if (!list || !event.html || document.getElementById(`team-post-${event.post_id}`)) {
    return;
  }
  const holder = document.createElement("template");
  holder.innerHTML = event.html.trim();  // rendered by our server from cleaned HTML only
  list.prepend(holder.content.firstElementChild);
  const max = Number(list.dataset.max || 5);
  while (list.children.length > max) {
    list.lastElementChild.remove();
  }
  announce("The neighbourhood team has posted on X.");
}

export function neighbourhoodPage(element) {
  const notice = document.getElementById("new-concerns");
  let count = 0;
  startStream(element, (event) => {
    if (event.type === "team.posted") {
      showTeamPost(event);
      return;
    }
    if (event.type !== "concern.published" || !notice) {
      return;
    }
    count += 1;
    notice.hidden = false;
    const link = notice.querySelector("a");
    link.textContent = `${count} new concern${count === 1 ? "" : "s"}: show ${count === 1 ? "it" : "them"}`;
    announce(`${count} new concern${count === 1 ? "" : "s"} in this neighbourhood.`);
  });
}

export function notificationBadge(element) {
  startStream(element, () => {
    const link = document.querySelector("[data-notifications-link]");
    let badge = document.querySelector("[data-unread-count]");
    if (!link) {
      return;
    }
    if (!badge) {
      badge = document.createElement("strong");
      badge.className = "govuk-tag app-count";
      badge.dataset.unreadCount = "0";
      link.append(" ", badge);
    }
    const unread = Number(badge.dataset.unreadCount || badge.textContent) + 1;
    badge.dataset.unreadCount = String(unread);
    badge.textContent = unread > 99 ? "99+" : String(unread);
  });
}
