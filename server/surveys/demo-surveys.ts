import { createSurvey, publishSurvey } from "./surveys.service.js";

/** The demo agency starts with both IACP-based surveys open, ready to answer. */
export async function createDemoSurveys(agencyId: string, adminId: string): Promise<void> {
  const staff = {
    agencyId,
    userId: adminId,
    role: "admin" as const,
    email: "",
    sessionId: "",
    csrfToken: "",
  };
  for (const template of ["community-trust", "post-contact"]) {
    const survey = await createSurvey(staff, { template });
    await publishSurvey(staff, String(survey._id));
  }
}
