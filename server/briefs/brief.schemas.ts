import Joi from "joi";
import { objectId } from "@server/platform/validation.js";

export const briefSchema = {
  params: Joi.object({ id: objectId.required() }),
  query: Joi.object({
    month: Joi.string()
      .max(7)
      .pattern(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM"),
  }),
};
