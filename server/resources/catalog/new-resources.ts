import type { CatalogCategory } from "./index.js";

/** IACP Community-Police Engagement: "New Resources". Titles as listed; summaries are our own. */
export const newResources: CatalogCategory = {
  name: "New Resources",
  description: "The collection's newest tools for talking with, listening to and learning from residents.",
  themes: ["engagement.dialogue", "procedural_justice.voice", "trust"],
  entries: [
    {
      kind: "resource",
      title: "Gathering Feedback through Community Surveys",
      themes: ["engagement.voice", "procedural_justice.voice", "satisfaction", "trust"],
      summary:
        "Explains how to plan and run surveys of residents so an agency learns how people see safety, trust and police conduct. Repeating the survey over time shows whether things are getting better.",
    },
    {
      kind: "resource",
      title: "Communicating to Build Trust",
      themes: ["trust", "engagement.dialogue", "procedural_justice.voice"],
      summary:
        "Practical advice on sharing information with residents openly and often. Good communication is treated as a way to earn trust, not only to inform.",
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
      title: "Peer Bystander Intervention in Law Enforcement Agencies",
      themes: ["procedural_justice.respect", "trust.legitimacy", "procedural_justice.motives"],
      summary:
        "Shows how officers can be trained and backed up to step in when a colleague is about to make a mistake or act wrongly.",
    },
    {
      kind: "resource",
      title: "Supporting Culture Change through Internal Communication with Officers and Civilian Staff",
      themes: ["procedural_justice.motives", "trust.legitimacy"],
      summary:
        "How leaders can use clear messages inside the agency to explain new values and practices to sworn and civilian staff alike.",
    },
    {
      kind: "resource",
      title: "Community Engagement and Dialogue",
      themes: ["engagement.dialogue", "procedural_justice.voice", "trust"],
      summary:
        "An introduction to why planned conversations between police and residents matter and what makes them work.",
    },
    {
      kind: "resource",
      title: "Options for Community Engagement and Dialogue",
      themes: ["engagement.dialogue", "engagement.participation", "procedural_justice.voice"],
      summary:
        "A range of formats, from listening sessions to advisory groups, that an agency can pick from to talk with the people it serves.",
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
      title: "Community Member Feedback as an Effective Tool for Building and Maintaining Trust",
      themes: ["satisfaction", "procedural_justice.voice", "trust"],
      summary:
        "Describes asking people for feedback after they deal with the police and acting on what they say. Done well, this builds and keeps trust.",
    },
    {
      kind: "resource",
      title: "Building Healthier Communities through Pre-Arrest Diversion",
      themes: ["safety", "procedural_justice.motives", "trust"],
      summary:
        "Covers programs that send people to treatment or services instead of jail when that serves safety better than an arrest.",
    },
  ],
};
