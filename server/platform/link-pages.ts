import type { Response } from "express";
import { AppError } from "./errors.js";

/**
 * Answers a link that arrived by mail with an HTML page: the rendered one, or, when the link
 * names nothing (a 404 from the service), the given page saying the link is not valid.
 */
export async function sendLinkPage(
  res: Response,
  render: () => Promise<string>,
  invalidPage: () => string,
): Promise<void> {
  try {
    res.type("html").send(await render());
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 404) throw error;
    res.status(404).type("html").send(invalidPage());
  }
}
