import { api } from "../api.js";
import { h } from "../dom.js";
import { describeError } from "../errors.js";
import type { Shell } from "../shell.js";

/**
 * The person's own weekly digest: a checkbox saved as soon as it changes. A failed save puts
 * the box back and says why, so the screen never shows a setting the server does not hold.
 */
export async function digestSection(shell: Shell): Promise<HTMLElement> {
  const box = h("input", { type: "checkbox", id: "digest-weekly", "aria-describedby": "digest-hint" });
  const error = h("p", { class: "field-error", id: "digest-error", role: "alert", hidden: true });
  const section = h(
    "section",
    { class: "panel", "aria-labelledby": "digest-heading" },
    h("h2", { id: "digest-heading" }, "Weekly digest"),
    h(
      "p",
      { id: "digest-hint", class: "hint" },
      "On Monday morning: each open survey's responses and indices for the week, what changed significantly, and what needs attention. Every digest has a link to turn it off without signing in.",
    ),
    error,
    h("div", { class: "check" }, box, h("label", { for: "digest-weekly" }, "Email me the weekly digest")),
  );
  try {
    box.checked = (await api<{ weekly: boolean }>("GET", "/digests/subscription")).weekly;
  } catch (failure) {
    box.disabled = true;
    error.replaceChildren(`Your digest setting could not be loaded. ${describeError(failure)}`);
    error.hidden = false;
  }
  box.addEventListener("change", async () => {
    const weekly = box.checked;
    box.disabled = true;
    error.hidden = true;
    try {
      await api("PUT", "/digests/subscription", { weekly });
      shell.announce(weekly ? "Weekly digest turned on." : "Weekly digest turned off.");
    } catch (failure) {
      box.checked = !weekly;
      error.replaceChildren(`Not saved: ${describeError(failure)}`);
      error.hidden = false;
    } finally {
      box.disabled = false;
    }
  });
  return section;
}
