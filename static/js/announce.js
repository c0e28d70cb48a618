// The page's one polite live region (base.html's #live-announcer): every script that tells a
// screen reader about a pushed change says it here, so announcements never talk over each other.
export function announce(text) {
  const region = document.getElementById("live-announcer");
  if (region) {
    region.textContent = text;
  }
}
