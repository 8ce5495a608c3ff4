import type { CatalogCategory } from "./index.js";

/** IACP Community-Police Engagement: "Recruitment and Hiring". Titles as listed; summaries are our own. */
export const recruitmentAndHiring: CatalogCategory = {
  name: "Recruitment and Hiring",
  description: "Finding, screening and keeping staff who reflect the community and the agency's values.",
  themes: ["trust.legitimacy", "procedural_justice.motives"],
  entries: [
    {
      kind: "policy_paper",
      title: "Early Identification System",
      themes: ["trust.legitimacy", "procedural_justice.respect"],
      summary:
        "Describes systems that flag worrying patterns in an employee's work early, so supervisors can step in before problems grow.",
    },
    {
      kind: "policy_paper",
      title: "Employee Misconduct",
      themes: ["trust.legitimacy"],
      summary:
        "Model guidance for investigating complaints about employees and deciding discipline fairly and consistently.",
    },
    {
      kind: "resource",
      title: "Discover Policing",
      themes: ["trust.legitimacy", "engagement.participation"],
      summary: "A careers site that helps people learn about police work and how to apply.",
    },
    {
      kind: "resource",
      title: "CRI-TAC Spotlight Series",
      themes: ["trust.legitimacy", "engagement.learning"],
      summary:
        "Short features on practical improvements agencies made with help from a national technical assistance program.",
    },
    {
      kind: "resource",
      title: "The State of Recruitment: A Crisis for Law Enforcement",
      themes: ["trust.legitimacy"],
      summary: "Survey findings on how hard agencies find it to hire and keep officers, and why.",
    },
    {
      kind: "resource",
      title: "Best Practice Guide: Recruitment, Retention, and Turnover in Law Enforcement",
      themes: ["trust.legitimacy", "procedural_justice.motives"],
      summary: "Practical steps for attracting strong candidates and keeping them in the job.",
    },
    {
      kind: "resource",
      title: "Psychological Fitness-for-Duty Evaluation Guidelines",
      themes: ["procedural_justice.respect", "safety"],
      summary: "Guidelines for judging whether an officer is psychologically able to keep working safely.",
    },
    {
      kind: "resource",
      title: "Preemployment Psychological Evaluation Guidelines",
      themes: ["procedural_justice.respect", "trust.legitimacy"],
      summary: "Guidelines for psychological screening of candidates before they are hired.",
    },
    {
      kind: "article",
      title: "Creating a Culture of Success: The Role of Professional Growth for Millennials and Gen Z",
      themes: ["procedural_justice.motives", "trust.legitimacy"],
      summary:
        "Argues that giving younger employees room to grow helps agencies keep them and builds a healthier culture.",
    },
    {
      kind: "article",
      title: "Women in Policing: The Numbers Fall Far Short of the Need",
      themes: ["trust.legitimacy", "procedural_justice.neutrality"],
      summary: "Looks at how few women serve in policing and why the profession needs more of them.",
    },
    {
      kind: "article",
      title: "Building a Better Bench for 21st Century Policing",
      themes: ["procedural_justice.motives"],
      summary: "Discusses growing future leaders from within the agency through planning for succession.",
    },
    {
      kind: "article",
      title: "Recruiting from the Inside Out: The Waxahachie Way",
      themes: ["trust.legitimacy"],
      summary: "How one Texas department improved its hiring by starting with its own culture and staff.",
    },
    {
      kind: "article",
      title: "Assessing the Value of Evidence: Understanding Research on Recruiting and Hiring",
      themes: ["trust.legitimacy"],
      summary: "Helps leaders weigh research on recruiting and hiring before acting on it.",
    },
    {
      kind: "article",
      title: "Four Steps to Bring More Women into Policing: Define, Build, Experiment, and Refine",
      themes: ["trust.legitimacy", "procedural_justice.neutrality"],
      summary: "A four-step approach for agencies trying to recruit and keep more women.",
    },
    {
      kind: "article",
      title: "Where Will Tomorrow's Law Enforcement Leaders Come From?",
      themes: ["procedural_justice.motives"],
      summary: "Considers how agencies can find and prepare their next generation of leaders.",
    },
  ],
};
