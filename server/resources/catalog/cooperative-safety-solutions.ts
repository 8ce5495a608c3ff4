import type { CatalogCategory } from "./index.js";

/** IACP Community-Police Engagement: "Cooperative Safety Solutions". Titles as listed; summaries are our own. */
export const cooperativeSafetySolutions: CatalogCategory = {
  name: "Cooperative Safety Solutions",
  description: "Time and channels for officers and residents to solve local safety problems together.",
  themes: ["safety", "engagement.partnership", "engagement.participation"],
  entries: [
    {
      kind: "policy_paper",
      title: "Recording Police Activity",
      themes: ["trust.legitimacy", "procedural_justice.respect"],
      summary:
        "Guidance for officers on the right of the public and the press to record them in public places, provided they do not interfere.",
    },
    {
      kind: "resource",
      title: "Community-Police Engagement: Agency Considerations Checklist for Civil Demonstration Response",
      themes: ["safety", "procedural_justice.neutrality", "trust.legitimacy"],
      summary:
        "A checklist of questions to settle before, during and after protests. It helps an agency keep demonstrators, bystanders and officers safe while respecting rights.",
    },
    {
      kind: "resource",
      title: "Building Healthier Communities through Pre-Arrest Diversion",
      themes: ["safety", "procedural_justice.motives", "trust"],
      summary:
        "Covers programs that send people to treatment or services instead of jail when that serves safety better than an arrest.",
    },
    {
      kind: "resource",
      title: "Online Training Portal",
      themes: ["engagement.learning", "safety"],
      summary: "An online catalogue of courses for police staff on a wide range of public safety topics.",
    },
    {
      kind: "resource",
      title: "Identifying and Responding to Elder Abuse: An Officer’s Role",
      themes: ["safety", "procedural_justice.respect"],
      summary: "Helps officers spot signs that an older person is being abused or neglected, and respond.",
    },
    {
      kind: "resource",
      title: "IACP's Alzheimer's Initiatives",
      themes: ["safety", "procedural_justice.respect"],
      summary:
        "Resources for finding and protecting people with Alzheimer's disease who wander or go missing.",
    },
    {
      kind: "resource",
      title: "IACP President’s Message: Protecting the Most Vulnerable in Our Communities",
      themes: ["safety", "procedural_justice.motives"],
      summary:
        "A message on why protecting older adults and other vulnerable residents is a core police duty.",
    },
    {
      kind: "resource",
      title:
        "IACP’s Alzheimer’s Initiatives: A Guide to Law Enforcement on Voluntary Registry Programs for Vulnerable Populations",
      themes: ["safety"],
      summary:
        "Explains voluntary registries that help officers find and safely return vulnerable people who go missing.",
    },
    {
      kind: "resource",
      title:
        "Starting with What Works: Using Evidence Based Strategies to Improve Community and Police Relations",
      themes: ["trust", "engagement.partnership"],
      summary:
        "Strategies backed by research that agencies can use to improve their relations with residents.",
    },
    {
      kind: "resource",
      title: "Ways to Engage Youth and Police in Conversation",
      themes: ["engagement.dialogue", "trust", "procedural_justice.voice"],
      summary:
        "Ideas for bringing young people and officers together to talk, listen to each other and build understanding.",
    },
    {
      kind: "resource",
      title: "Law Enforcement Perspectives - 2016 IACP Critical Issues Listening Tour",
      themes: ["engagement.dialogue", "trust"],
      summary:
        "Reports what officers and police leaders across the country named as the most pressing issues for policing in 2016.",
    },
    {
      kind: "resource",
      title: "Discover Policing Fact sheets",
      themes: ["engagement.learning", "trust"],
      summary: "Short fact sheets that explain to residents what police do and current public safety topics.",
    },
    {
      kind: "resource",
      title: "Discover Policing Podcasts",
      themes: ["engagement.learning"],
      summary: "Audio episodes that explain current public safety topics to community members.",
    },
    {
      kind: "resource",
      title:
        "Demonstrations on University and College Campuses: Law Enforcement’s Role in Planning and Response",
      themes: ["safety", "procedural_justice.neutrality"],
      summary: "Guidance for campus and local police on planning for and responding to student protests.",
    },
    {
      kind: "resource",
      title: "Through the Lenses: Law Enforcement Body-Worn Cameras",
      themes: ["trust.legitimacy"],
      summary: "Looks at what body-worn cameras mean for officers, agencies and the public.",
    },
    {
      kind: "resource",
      title: "Public Recording of Police: Considerations for Law Enforcement and Communities",
      themes: ["trust.legitimacy", "procedural_justice.voice"],
      summary: "Points for officers and residents to consider about filming police in public.",
    },
    {
      kind: "resource",
      title: "Drones in Law Enforcement",
      themes: ["safety", "trust.legitimacy"],
      summary: "Considerations for using unmanned aircraft in police work while respecting people's privacy.",
    },
  ],
};
