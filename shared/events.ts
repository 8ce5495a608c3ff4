/** Payloads of the domain events that cross features (and, later, processes). */
export interface DomainEvents {
  "response.stored": { surveyId: string; agencyId: string; count: number };
  "survey.changed": { surveyId: string; agencyId: string; slug: string; status: string };
}
