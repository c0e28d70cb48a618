// Progressive enhancement only: every page works without this file.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { concernPage, neighbourhoodPage, notificationBadge } from "./live.js";
import { decisionForm, moderationPage, shortcuts } from "./moderation.js";
import { bulkSelect, queueKeys } from "./queue_keys.js";
import { contactCentrePage } from "./contact_centre.js";
import { urgentAlert } from "./urgent_alert.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
initAll();

urgentAlert();  // before the streams start, so it hears their first events
const starters = {
  concern: concernPage, neighbourhood: neighbourhoodPage, me: notificationBadge, moderation: moderationPage,
  contact_centre: contactCentrePage,
};
document.querySelectorAll("[data-live-stream]").forEach((element) => {
  const start = starters[element.dataset.liveKind];
  if (start) {
    start(element);
  }
});
// One implementation of queue keys (queue_keys.js); moderation adds its own a/r/e to it.
if (document.querySelector("[data-moderation-keys]")) {
  shortcuts();
} else if (document.querySelector("[data-shortcut-list]")) {
  queueKeys();
  document.querySelectorAll("[data-queue-table]").forEach(bulkSelect);
}
document.querySelectorAll("[data-decision-form]").forEach(decisionForm);
