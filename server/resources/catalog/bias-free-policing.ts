import type { CatalogCategory } from "./index.js";

/** IACP Community-Police Engagement: "Bias-Free Policing". Titles as listed; summaries are our own. */
export const biasFreePolicing: CatalogCategory = {
  name: "Bias-Free Policing",
  description: "Policies and training so that every person is treated fairly and without prejudice.",
  themes: ["procedural_justice.neutrality", "procedural_justice.respect", "trust.legitimacy"],
  entries: [
    {
      kind: "policy_paper",
      title: "Bias-Free Policing",
      themes: ["procedural_justice.neutrality", "procedural_justice.respect", "trust.legitimacy"],
      summary:
        "A model policy with a background paper that commits the agency to treat every person even-handedly, whatever their race, gender or other traits.",
    },
    {
      kind: "article",
      title: "Bringing Sides Together: Community-Based Complaint Mediation",
      themes: ["procedural_justice.voice", "procedural_justice.neutrality", "trust"],
      summary:
        "Looks at settling complaints against officers through mediation run by community members, so both sides are heard.",
    },
    {
      kind: "article",
      title: "Assessing Bias and Intolerance in Police and Public Safety Personnel",
      themes: ["procedural_justice.neutrality", "trust.legitimacy"],
      summary: "Discusses ways to spot biased attitudes among staff, including at hiring and in supervision.",
    },
    {
      kind: "article",
      title:
        "Improved Outcomes in Racially Charged Police Encounters: Making the Case for Decision-based Training",
      themes: ["procedural_justice.neutrality", "procedural_justice.respect", "safety"],
      summary:
        "Argues for training that sharpens officers' judgment in tense encounters where race is part of the picture.",
    },
    {
      kind: "article",
      title:
        "The Play’s the Thing: A Police Chief and a Theatre Professor Join Forces to Confront Bias in Police Departments",
      themes: ["procedural_justice.neutrality", "procedural_justice.respect"],
      summary:
        "How a chief and a theatre teacher used acted-out scenes to help officers notice and talk about bias.",
    },
    {
      kind: "article",
      title: "Building Community-Police Relations by Building Community-Community Relations",
      themes: ["engagement.partnership", "trust", "engagement.dialogue"],
      summary:
        "Suggests that police ties with residents grow stronger when different community groups are first helped to connect with one another.",
    },
    {
      kind: "article",
      title: "The Development and Testing of a Simulation-Based Implicit Bias Training Platform",
      themes: ["procedural_justice.neutrality"],
      summary:
        "Reports on building and trying out a simulator that trains officers to notice and counter unconscious bias.",
    },
    {
      kind: "article",
      title: "Using Documentary Film to Examine Implicit Bias, Procedural Justice, and Racial Reconciliation",
      themes: ["procedural_justice.neutrality", "procedural_justice.respect", "trust"],
      summary:
        "Describes using documentary films to open discussions among officers and residents about bias and fair treatment.",
    },
    {
      kind: "article",
      title:
        "Addressing the Elephant in the Room: The Need to Evaluate Implicit Bias Training Effectiveness for Improving Fairness in Police Officer Decision-Making",
      themes: ["procedural_justice.neutrality", "trust.legitimacy"],
      summary:
        "Makes the case that implicit bias training should be measured to see whether it really changes how officers decide.",
    },
    {
      kind: "article",
      title: "The Effect of Cultural Bias on the Investigation and Prosecution of Sexual Assault",
      themes: ["procedural_justice.neutrality", "procedural_justice.respect", "satisfaction"],
      summary:
        "Examines how assumptions about a victim's background can weaken sexual assault cases, and how to guard against them.",
    },
    {
      kind: "article",
      title: "Checklist of Community Trust Policy Considerations for Law Enforcement Leaders",
      themes: ["trust.legitimacy", "procedural_justice.neutrality", "trust"],
      summary:
        "A checklist for leaders of policy areas to review when working to strengthen community trust.",
    },
  ],
};
