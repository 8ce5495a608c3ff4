import Joi from "joi";
import { objectId } from "@server/platform/validation.js";

/** `subscribe` and `unsubscribe` carry one survey id and nothing else. */
export const surveyPayloadSchema = Joi.object({ surveyId: objectId.required() }).required();

/** A socket watches at most this many surveys: a dashboard shows one, a wall screen a few. */
export const MAX_SUBSCRIPTIONS = 20;
