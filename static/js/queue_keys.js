// One-key shortcuts for the staff queues (moderation and the contact centre): one
// implementation, so both behave alike. Every page works without this file: each shortcut only
// presses a link or button, or moves focus to a field, that Tab reaches anyway.
//
// A page declares its shortcuts in its markup: `data-shortcut="c"` on the link or button to
// press (or the field to go to). `data-shortcut-scope="row"` keeps one to the queue row the
// focus is in (a row's own "Claim" button). Keys a page needs code for (moderation's "choose
// approve") are passed to `queueKeys` and used where the page declares nothing for the key.

export function typing(target) {
  // Ticking boxes and choosing radios is not typing: shortcuts still work there.
  return target.closest("textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio])") !== null;
}

// j and k on a queue: move the focus between the rows' links.
export function moveInQueue(step) {
  const links = [...document.querySelectorAll("[data-queue-link]")];
  if (!links.length) {
    return;
  }
  const index = links.indexOf(document.activeElement);
  const next = index === -1 ? 0 : Math.min(links.length - 1, Math.max(0, index + step));
  links[next].focus();
}

export function openShortcutList() {
  const list = document.querySelector("[data-shortcut-list]");
  if (list) {
    const details = list.closest("details");
    details.open = true;
    details.querySelector("summary").focus();
  }
}

function declared(key) {
  const row = document.activeElement && document.activeElement.closest("[data-queue-row]");
  const inRow = row && row.querySelector(`[data-shortcut="${key}"]`);
  return inRow || document.querySelector(`[data-shortcut="${key}"]:not([data-shortcut-scope=row])`);
}

function press(element) {
  if (element.matches("a, button, input[type=submit]")) {
    element.click();
    return;
  }
  const details = element.closest("details");
  if (details) {
    details.open = true;
  }
  element.focus();
}

const DEFAULTS = {
  j: () => moveInQueue(1),
  k: () => moveInQueue(-1),
  "?": openShortcutList,
};

export function queueKeys(extra = {}) {
  const keys = { ...DEFAULTS, ...extra };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    const element = declared(event.key);
    const action = element ? () => press(element) : keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
}

// Bulk selection on a queue: shift-click ticks every box between the last one ticked and this.
export function bulkSelect(table) {
  let last = null;
  const boxes = () => [...table.querySelectorAll("tbody input[type=checkbox]:not(:disabled)")];
  table.addEventListener("click", (event) => {
    const box = event.target.closest("input[type=checkbox]");
    if (!box) {
      return;
    }
    const all = boxes();
    if (event.shiftKey && last && last !== box) {
      const [from, to] = [all.indexOf(last), all.indexOf(box)].sort((a, b) => a - b);
      all.slice(from, to + 1).forEach((each) => { each.checked = box.checked; });
    }
    last = box;
  });
}
