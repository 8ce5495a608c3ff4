import type { CatalogCategory } from "./index.js";

/** IACP Community-Police Engagement: "Community Partnerships". Titles as listed; summaries are our own. */
export const communityPartnerships: CatalogCategory = {
  name: "Community Partnerships",
  description:
    "Working alongside residents and community groups, listening to them and sharing information openly.",
  themes: ["engagement.partnership", "procedural_justice.voice", "trust"],
  entries: [
    {
      kind: "policy_paper",
      title: "Media Relations",
      themes: ["trust", "engagement.dialogue"],
      summary:
        "Helps every employee understand their part in working with reporters and getting accurate information to the public.",
    },
    {
      kind: "policy_paper",
      title: "Social Media",
      themes: ["engagement.dialogue", "engagement.reporting", "engagement.participation"],
      summary:
        "How agencies can use social media for outreach, problem solving, investigations and crime prevention.",
    },
    {
      kind: "resource",
      title: "Gathering Feedback through Community Surveys",
      themes: ["engagement.voice", "procedural_justice.voice", "satisfaction", "trust"],
      summary:
        "Explains how to plan and run surveys of residents so an agency learns how people see safety, trust and police conduct. Repeating the survey over time shows whether things are getting better.",
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
      title: "Promising Practices in Tribal Community Policing",
      themes: ["engagement.partnership", "trust"],
      summary: "Examples of community policing approaches that work well in tribal communities.",
    },
    {
      kind: "resource",
      title: "Practices in Modern Policing: Community Participation and Leadership",
      themes: ["engagement.participation", "procedural_justice.voice", "engagement.partnership"],
      summary: "Ways residents can take part in, and help lead, public safety work alongside police.",
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
      title: "Communicating to Build Trust",
      themes: ["trust", "engagement.dialogue", "procedural_justice.voice"],
      summary:
        "Practical advice on sharing information with residents openly and often. Good communication is treated as a way to earn trust, not only to inform.",
    },
    {
      kind: "resource",
      title:
        "IACP National Policy Summit on Community-Police Relations: Advancing a Culture of Cohesion and Community Trust",
      themes: ["trust", "engagement.partnership", "engagement.dialogue"],
      summary:
        "Recommendations from a national meeting on improving relations and trust between police and communities.",
    },
    {
      kind: "resource",
      title: "Trust Initiative Report",
      themes: ["trust", "trust.legitimacy"],
      summary:
        "Reports on a national effort to find practical ways to build trust between police and the public.",
    },
    {
      kind: "resource",
      title: "Public Recording of Police Guide",
      themes: ["trust.legitimacy", "procedural_justice.voice"],
      summary:
        "Explains the public's right to record officers and how officers should respond when they are filmed.",
    },
    {
      kind: "resource",
      title: "Community Member Feedback as an Effective Tool for Building and Maintain Trust",
      themes: ["satisfaction", "procedural_justice.voice", "trust"],
      summary:
        "Describes asking people for feedback after they deal with the police and acting on what they say. Done well, this builds and keeps trust.",
    },
  ],
};
