// A case page's live history (templates/casework/_live.html): the reporter's page lists its
// history in #case-history (data-case: the reference, data-last: the newest entry's id); new
// entries pushed by /ws/cases/<reference>/ are added to it and announced. Without this file the
// page is the same after a reload.
import { announce } from "./announce.js";
import { startStream } from "./live.js";

const SAYS = {
  "case.message": "A new message about your report has arrived.",
  "case.document": "A file was added to your report.",
  "case.information": "Your information was added to your report.",
};

function caseHistory(status) {
  const list = document.getElementById("case-history");
  if (!list || !list.dataset.case) {
    return;
  }
  status.dataset.liveStream = `/ws/cases/${encodeURIComponent(list.dataset.case)}/`;
  status.dataset.liveLast = list.dataset.last || "";
  const tag = document.querySelector("[data-case-status]");
  startStream(status, (event) => {
    if (tag && event.status_label) {
      tag.textContent = event.status_label;
    }
    if (!event.html) {
      return;
    }
    const holder = document.createElement("template");
    holder.innerHTML = event.html.trim();  // rendered by our server from cleaned HTML only
    const item = holder.content.firstElementChild;
    if (!item) {
      return;
    }
    const existing = item.id ? document.getElementById(item.id) : null;
    if (existing) {
      existing.replaceWith(item);
    } else {
      list.append(item);
    }
    list.dataset.last = String(event.id);
    announce(SAYS[event.type] || `Your report has been updated: it is now ${event.status_label}.`);
  });
}

document.querySelectorAll("[data-case-live]").forEach(caseHistory);
