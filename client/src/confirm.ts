import { h } from "./dom.js";

export interface ConfirmOptions {
  title: string;
  message: string;
  confirm: string;
  cancel?: string;
}

let opened = 0;

/**
 * Asks before an action that cannot simply be undone, in a modal `<dialog>`: named by its
 * heading and described by its message, focus kept inside while open, Escape or Cancel says no.
 * Focus starts on Cancel, so a stray Enter never confirms, and returns to where it was.
 */
export function confirmAction(options: ConfirmOptions): Promise<boolean> {
  const id = `confirm-${++opened}`;
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const cancel = h(
    "button",
    { type: "button", class: "secondary", value: "cancel" },
    options.cancel ?? "Cancel",
  );
  const confirm = h(
    "button",
    { type: "button", class: "secondary danger", value: "confirm" },
    options.confirm,
  );
  const dialog = h(
    "dialog",
    { class: "confirm", "aria-labelledby": `${id}-title`, "aria-describedby": `${id}-message` },
    h("h2", { id: `${id}-title` }, options.title),
    h("p", { id: `${id}-message` }, options.message),
    h("div", { class: "actions-bar" }, cancel, confirm),
  );
  return new Promise((resolve) => {
    cancel.addEventListener("click", () => dialog.close("cancel"));
    confirm.addEventListener("click", () => dialog.close("confirm"));
    dialog.addEventListener("close", () => {
      dialog.remove();
      returnTo?.focus();
      resolve(dialog.returnValue === "confirm");
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
