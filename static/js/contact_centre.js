// The contact centre's queue, live (reports/consumers.py): new reports are counted and offered
// as a reload, claims show "being assessed by ..." on their rows, triaged reports are marked.
// Without this file the queue is the same after a reload.
import { announce } from "./announce.js";
import { startStream } from "./live.js";

function plural(count) {
  return `${count} new report${count === 1 ? "" : "s"}`;
}

export function contactCentrePage(element) {
  let fresh = 0;
  const notice = document.getElementById("queue-new");
  startStream(element, (event) => {
    if (event.type === "case.received") {
      fresh += 1;
      if (notice) {
        notice.hidden = false;
        notice.querySelector("a").textContent = `Show ${plural(fresh)}`;
      }
      announce(`${plural(fresh)} to triage.`);
      return;
    }
    const row = document.querySelector(`[data-queue-item="${Number(event.case)}"]`);
    const cell = row && row.querySelector("[data-claim-status]");
    if (!cell) {
      return;
    }
    if (event.status !== "received" && event.status !== "assessing") {
      cell.textContent = "Triaged: reload the queue";
    } else if (event.claimed_by) {
      cell.textContent = `Being assessed by ${event.claimed_by}`;
    }
  });
}
