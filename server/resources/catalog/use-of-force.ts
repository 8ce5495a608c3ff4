import type { CatalogCategory } from "./index.js";

/** IACP Community-Police Engagement: "Use of Force". Titles as listed; summaries are our own. */
export const useOfForce: CatalogCategory = {
  name: "Use of Force",
  description: "Rules, reporting and training that keep force to what is needed and hold its use to account.",
  themes: ["procedural_justice.respect", "trust.legitimacy", "safety"],
  entries: [
    {
      kind: "policy_paper",
      title: "National Consensus Policy and Discussion Paper on Use of Force",
      themes: ["procedural_justice.respect", "trust.legitimacy", "safety"],
      summary:
        "A use-of-force policy agreed by national police organisations, with a paper that explains its reasoning and its emphasis on protecting life.",
    },
    {
      kind: "policy_paper",
      title: "Crowd Management and Control Policy",
      themes: ["safety", "procedural_justice.neutrality", "trust.legitimacy"],
      summary:
        "Model guidance for policing protests and large crowds so that people's rights and everyone's safety are both protected.",
    },
    {
      kind: "policy_paper",
      title: "Electronic Control Weapons Policy",
      themes: ["procedural_justice.respect", "safety", "trust.legitimacy"],
      summary:
        "Sets out when officers may use conducted energy devices and other less-lethal tools, and how each use is accounted for.",
    },
    {
      kind: "policy_paper",
      title: "Officer-Involved Shootings Policy",
      themes: ["trust.legitimacy", "trust.confidence"],
      summary:
        "Explains how an agency should prepare for, and then carry out, a thorough investigation whenever an officer fires a weapon.",
    },
    {
      kind: "policy_paper",
      title: "Reporting Use of Force Policy",
      themes: ["trust.legitimacy", "procedural_justice.respect"],
      summary:
        "Requires full and prompt reports whenever force is used, so the agency can review each case and stay accountable.",
    },
    {
      kind: "article",
      title: "Use of Force Articulation: LAPD Recommendations",
      themes: ["trust.legitimacy"],
      summary: "One large department's advice on how officers should explain in writing why they used force.",
    },
    {
      kind: "article",
      title:
        "Force Is Not a Four-Letter Word: Closed-Loop Risk Mitigation Strategies for Use-of-Force Reporting",
      themes: ["trust.legitimacy", "safety"],
      summary:
        "Describes feeding what is learned from force reports back into training and policy to lower future risk.",
    },
    {
      kind: "article",
      title: "The Pursuit of Reliable and Accurate Data: One City’s Experience with Use-of-Force Reporting",
      themes: ["trust.legitimacy"],
      summary: "A city's story of improving how it gathers and checks its data on police use of force.",
    },
    {
      kind: "article",
      title:
        "When Less (Force) Is More: De-escalation Strategies to Achieve Officer Objectives and Simultaneously Reduce the Use of Force",
      themes: ["procedural_justice.respect", "safety", "trust.legitimacy"],
      summary: "Explains de-escalation tactics that let officers reach their goals while using less force.",
    },
    {
      kind: "article",
      title: "Enhanced Skills, Improved Safety, and Reduced Liability: A New Perspective on Force Review",
      themes: ["trust.legitimacy", "safety"],
      summary:
        "Presents a way of reviewing force incidents that aims to build officer skills rather than only to assign blame.",
    },
  ],
};
