// Moderation pages: live counts and claim marks on the queue, a notice on an item someone else
// takes, one-key shortcuts, and click-to-remove on highlighted spans. Every page works without
// this file: reloads show the same, and every action is a link or a button.
import { announce } from "./announce.js";
import { startStream } from "./live.js";
import { bulkSelect, queueKeys } from "./queue_keys.js";

const LABELS = { "item.claimed": "claimed", "item.released": "released", "item.decided": "decided" };

function bump(lane, delta) {
  document.querySelectorAll(`[data-lane-count="${lane}"]`).forEach((cell) => {
    cell.textContent = String(Math.max(0, Number(cell.textContent) + delta));
  });
}

function markRow(event) {
  const row = document.querySelector(`[data-queue-item="${event.item}"]`);
  if (!row) {
    return;
  }
  const status = row.querySelector("[data-claim-status]");
  if (event.type === "item.claimed") {
    status.textContent = `Being reviewed by ${event.by}`;
  } else if (event.type === "item.released") {
    status.textContent = "Waiting";
  } else if (event.type === "item.decided") {
    status.textContent = event.by ? `Decided by ${event.by}` : "No longer waiting";
    const box = row.querySelector("input[type=checkbox]");
    if (box) {
      box.checked = false;
      box.disabled = true;
    }
  }
}

function itemNotice(element, event) {
  if (String(event.item) !== element.dataset.item || event.type === "item.new"
      || event.type === "item.escalated") {
    return;
  }
  if (event.version && String(event.version) === element.dataset.version) {
    return;  // our own change
  }
  const text = event.type === "item.lane"
    ? "This item has moved to another lane. Reload before you decide."
    : `Another moderator has ${LABELS[event.type]} this item${event.by ? ` (${event.by})` : ""}. Reload before you decide.`;
  const notice = document.getElementById("item-changed");
  if (notice) {
    notice.hidden = false;
    notice.querySelector("p").textContent = text;
  }
  claimStatus(event);
  announce(text);
}

// The claim box must agree with the notice: never "claimed" above and "nobody" below.
function claimStatus(event) {
  const box = document.querySelector(".govuk-inset-text[data-claim-status]");
  if (!box || !["item.claimed", "item.released", "item.decided"].includes(event.type)) {
    return;
  }
  const line = document.createElement("p");
  line.className = "govuk-body";
  if (event.type === "item.claimed") {
    const who = document.createElement("strong");
    who.textContent = `Being reviewed by ${event.by || "another moderator"}.`;
    line.append(who, " Pick another item, or wait until they release it.");
  } else if (event.type === "item.released") {
    line.textContent = "Nobody is reviewing this now. Reload the page to claim it.";
  } else {
    line.textContent = "Another moderator has decided this item.";
  }
  box.replaceChildren(line);
}

// "Show N new items": fetch the queue again and slide the new rows into the table.
async function showNew(control, known) {
  const response = await fetch(window.location.href, { credentials: "same-origin" });
  if (!response.ok) {
    window.location.reload();
    return;
  }
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  const body = fresh.querySelector("[data-queue-table] tbody");
  const current = document.querySelector("[data-queue-table] tbody");
  if (!body || !current) {
    window.location.reload();
    return;
  }
  body.querySelectorAll("[data-queue-item]").forEach((row) => {
    if (!known.has(row.dataset.queueItem)) {
      row.classList.add("app-row--new");
    }
  });
  current.replaceWith(body);
  const first = body.querySelector(".app-row--new [data-queue-link]");
  if (first) {
    first.focus();
  }
  control.hidden = true;
  announce("The new items are in the queue, highlighted.");
}

export function moderationPage(element) {
  let fresh = 0;
  const control = document.getElementById("queue-new");
  if (control) {
    control.querySelector("[data-show-new]").addEventListener("click", (click) => {
      click.preventDefault();
      const known = new Set([...document.querySelectorAll("[data-queue-item]")].map((row) => row.dataset.queueItem));
      fresh = 0;
      showNew(control, known);
    });
  }
  startStream(element, (event) => {
    // Other parts of the page (the urgent alert) listen for the same events.
    document.dispatchEvent(new CustomEvent("engage:moderation", { detail: event }));
    if (element.dataset.item) {
      itemNotice(element, event);
      return;
    }
    if (event.type === "item.lane") {
      bump(event.from_lane, -1);
      bump(event.lane, 1);
      return;
    }
    if (event.type === "item.new") {
      bump(event.lane, 1);
      fresh += 1;
      if (control) {
        control.hidden = false;
        control.querySelector("[data-show-new]").textContent = `Show ${fresh} new item${fresh === 1 ? "" : "s"}`;
      }
      announce(`${fresh} new item${fresh === 1 ? "" : "s"} in the queue.`);
    } else if (event.type === "item.decided") {
      bump(event.lane, -1);
    }
    markRow(event);
  });
}

function choose(action, focusSelector) {
  const radio = document.getElementById(`action-${action}`);
  if (!radio) {
    return;
  }
  radio.checked = true;
  radio.dispatchEvent(new Event("change", { bubbles: true }));
  const target = document.querySelector(focusSelector) || document.querySelector("[data-confirm-decision]");
  target.focus();
}

// Moderation's own keys; j, k and ? (and any key a page declares with data-shortcut) are the
// shared queue_keys.js ones.
const KEYS = {
  // With removals ticked, "approve" means approve with them: never publish them by accident.
  a: () => choose(document.querySelector("[data-remove]:checked") ? "redact" : "approve", "[data-confirm-decision]"),
  r: () => choose("reject", "#id_reject_reason"),
  e: () => {
    const details = document.querySelector("[data-edit-details]");
    if (details) {
      details.open = true;
    }
    const first = document.querySelector("[data-remove]") || document.getElementById("edited-body");
    if (first) {
      first.focus();
    }
  },
};

export function shortcuts() {
  queueKeys(KEYS);
  document.querySelectorAll("[data-queue-table]").forEach(bulkSelect);
  document.querySelectorAll("mark[data-span]").forEach((mark) => {
    mark.addEventListener("click", () => {
      const box = document.querySelector(`[data-remove="${mark.dataset.span}"]`);
      if (box) {
        box.checked = !box.checked;
        mark.classList.toggle("app-removed", box.checked);
      }
    });
  });
}

// The decision form shows only the chosen action's fields (without JavaScript, all of them).
// Our own reveal rather than GOV.UK's: that one sets aria-expanded on radios, which ARIA does
// not allow there.
export function decisionForm(form) {
  const radios = [...form.querySelectorAll("input[name=action]")];
  const reveal = () => {
    form.querySelectorAll("[data-conditional]").forEach((block) => {
      const owner = radios.find((radio) => radio.dataset.reveals === block.id);
      block.hidden = !(owner && owner.checked);
    });
  };
  radios.forEach((radio) => radio.addEventListener("change", reveal));
  reveal();
}
