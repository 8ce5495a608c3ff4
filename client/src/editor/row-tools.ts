import { h } from "../dom.js";
import { toolButton } from "../fields.js";

interface RowToolsOptions {
  /** How the row is named to people, e.g. "question 3" or "option 2". */
  name: string;
  index: number;
  total: number;
  /** The id stem of this row's buttons at a given position, so focus can follow a move. */
  idAt: (index: number) => string;
  move: (from: number, to: number) => void;
  remove: () => void;
  redraw: (focusId?: string) => void;
  announce: (message: string) => void;
  /** Where focus goes after the row is removed. */
  afterRemoveFocus: string;
}

/**
 * Move up / Move down / Remove for a row of a list. Plain buttons, so they work with the
 * keyboard and screen readers; after a move, focus stays on the moved row's button so the
 * person can keep pressing it.
 */
export function rowTools(options: RowToolsOptions): HTMLElement {
  const { index, total, idAt } = options;
  const moveTo = (to: number, direction: "up" | "down") => {
    options.move(index, to);
    const stays = direction === "up" ? to > 0 : to < total - 1;
    const button = stays ? direction : direction === "up" ? "down" : "up";
    options.redraw(`${idAt(to)}-${button}`);
    options.announce(`Moved to position ${to + 1} of ${total}.`);
  };
  return h(
    "div",
    { class: "row-tools" },
    toolButton("Move up", `Move up: ${options.name}`, () => moveTo(index - 1, "up"), {
      id: `${idAt(index)}-up`,
      disabled: index === 0,
    }),
    toolButton("Move down", `Move down: ${options.name}`, () => moveTo(index + 1, "down"), {
      id: `${idAt(index)}-down`,
      disabled: index === total - 1,
    }),
    toolButton(
      "Remove",
      `Remove: ${options.name}`,
      () => {
        options.remove();
        options.redraw(options.afterRemoveFocus);
        options.announce(`Removed ${options.name}.`);
      },
      { id: `${idAt(index)}-remove`, danger: true },
    ),
  );
}
