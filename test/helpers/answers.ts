/**
 * Deterministic, valid answers to the community-trust template: response `i` of a run always
 * gets the same answers, so tests can compute the exact counts they expect.
 */
export function communityAnswers(i: number): Record<string, unknown> {
  const likert = (offset: number): number => ((i + offset) % 6) as number; // 0 (don't know) … 5
  const contact = i % 3 === 0;
  return {
    q_safe_day: likert(1) || 3,
    q_safe_night: likert(2) || 2,
    q_safe_overall: likert(3) || 4,
    q_trust_overall: likert(4) || 5,
    q_legit_values: likert(0) || 1,
    q_legit_law: 4,
    q_trust_confidence: likert(5) || 3,
    q_pj_general: { listens: likert(1), explains: 3, fair: 4, facts: likert(2), respect: 5, motives: 2 },
    q_pj_care: 4,
    q_engage_partner: 3,
    q_engage_report: 5,
    q_priorities: i % 2 === 0 ? ["traffic", "youth"] : ["violent_crime"],
    q_contact: contact,
    ...(contact ? { q_contact_satisfaction: (i % 5) + 1 } : {}),
    ...(i % 4 === 0 ? { q_comment: `Comment number ${i}` } : {}),
    q_district: ["D1", "D2", "D3"][i % 3],
    q_age: ["18_24", "25_34", "35_44", "45_54", "55_64", "65_plus"][i % 6],
  };
}
