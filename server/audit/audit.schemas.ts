import Joi from "joi";
import { objectId } from "@server/platform/validation.js";

export const listAuditSchema = {
  query: Joi.object({
    limit: Joi.number().integer().min(1).max(200).default(50),
    before: objectId,
  }),
};
