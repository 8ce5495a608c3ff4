import { INDICES, type IndexKey } from "@shared/indices.js";
import { catalogKey } from "./catalog/index.js";
import { themeMatches } from "./theme-match.js";

/** One library category that answers an index, why, and the entries in it picked for that index. */
export interface CategoryFit {
  category: string;
  /** One line staff read beside the suggestion: why this category helps this index. */
  reason: string;
  /** Library titles of that category, best first. Only these are suggested from the library. */
  picks: string[];
}

/**
 * The curated mapping of indices to library categories (docs/API.md, "Suggested resources").
 * Suggestions come only from here: an entry is suggested for an index when this table picks it,
 * so a broad theme tag ("safety" on a guide to elder abuse) no longer makes it a suggestion for
 * a neighbourhood's sense of safety. An agency's own programme is suggested when its category is
 * mapped for the index and one of its themes matches the index's theme.
 */
export const INDICATOR_CATEGORIES: Record<IndexKey, CategoryFit[]> = {
  procedural_justice: [
    {
      category: "Bias-Free Policing",
      reason: "Fair, even-handed decisions are the core of procedural justice.",
      picks: [
        "Bias-Free Policing",
        "Checklist of Community Trust Policy Considerations for Law Enforcement Leaders",
      ],
    },
    {
      category: "Community Trauma/Victim Services",
      reason: "Stops and arrests are where most residents meet procedural justice in person.",
      picks: ["Arrests and Investigatory Stops"],
    },
    {
      category: "Community Partnerships",
      reason: "People who are heard before decisions are made judge the police as fairer.",
      picks: ["Community Member Feedback as an Effective Tool for Building and Maintaining Trust"],
    },
  ],
  procedural_justice_voice: [
    {
      category: "New Resources",
      reason: "Structured listening gives residents the say that voice measures.",
      picks: [
        "Options for Community Engagement and Dialogue",
        "Community Engagement and Dialogue",
        "Ways to Engage Youth and Police in Conversation",
      ],
    },
    {
      category: "Community Partnerships",
      reason: "Feedback and participation channels carry residents' views into decisions.",
      picks: [
        "Practices in Modern Policing: Community Participation and Leadership",
        "Gathering Feedback through Community Surveys",
      ],
    },
    {
      category: "Bias-Free Policing",
      reason: "Mediating complaints gives a complainant a hearing, not only a verdict.",
      picks: ["Bringing Sides Together: Community-Based Complaint Mediation"],
    },
  ],
  procedural_justice_neutrality: [
    {
      category: "Bias-Free Policing",
      reason: "Neutrality means decisions made on facts, not on who the person is.",
      picks: [
        "Bias-Free Policing",
        "Assessing Bias and Intolerance in Police and Public Safety Personnel",
        "Improved Outcomes in Racially Charged Police Encounters: Making the Case for Decision-based Training",
        "Addressing the Elephant in the Room: The Need to Evaluate Implicit Bias Training Effectiveness for Improving Fairness in Police Officer Decision-Making",
      ],
    },
    {
      category: "Leadership and Culture",
      reason: "Leaders set and enforce the rules that keep policing even-handed.",
      picks: ["Protecting Civil Rights: A Leadership Guide for State, Local, and Tribal Law Enforcement"],
    },
  ],
  procedural_justice_respect: [
    {
      category: "Community Trauma/Victim Services",
      reason: "Dignity for victims and people in crisis is respect where it matters most.",
      picks: [
        "Response to Victims of Crime",
        "Successful Trauma Informed Victim Interviewing",
        "Mental Illness",
      ],
    },
    {
      category: "Use of Force",
      reason: "De-escalation keeps encounters calm and force to what is needed.",
      picks: [
        "When Less (Force) Is More: De-escalation Strategies to Achieve Officer Objectives and Simultaneously Reduce the Use of Force",
      ],
    },
    {
      category: "Leadership and Culture",
      reason: "Officers who step in when a colleague crosses a line keep encounters respectful.",
      picks: ["Peer Bystander Intervention In Law Enforcement Agencies"],
    },
  ],
  procedural_justice_motives: [
    {
      category: "Leadership and Culture",
      reason: "Ethics and conduct standards show residents the agency acts in their interest.",
      picks: ["Standards of Conduct", "Law Enforcement Code of Ethics", "Ethics Toolkit"],
    },
    {
      category: "New Resources",
      reason: "Explaining openly what officers do and why lets residents see sincere motives.",
      picks: ["Communicating to Build Trust"],
    },
    {
      category: "Cooperative Safety Solutions",
      reason: "Diversion shows the agency seeks people's wellbeing, not only arrests.",
      picks: ["Building Healthier Communities through Pre-Arrest Diversion"],
    },
  ],
  trust: [
    {
      category: "Community Partnerships",
      reason: "Lasting relationships with residents are what trust is built on.",
      picks: [
        "Trust Initiative Report",
        "IACP National Policy Summit on Community-Police Relations: Advancing a Culture of Cohesion and Community Trust",
        "Communicating to Build Trust",
      ],
    },
    {
      category: "Use of Force",
      reason: "How force is used and accounted for weighs heavily on legitimacy.",
      picks: [
        "National Consensus Policy and Discussion Paper on Use of Force",
        "Reporting Use of Force Policy",
      ],
    },
    {
      category: "Recruitment and Hiring",
      reason: "Catching misconduct early protects the public's confidence in every officer.",
      picks: ["Early Identification System", "Employee Misconduct"],
    },
  ],
  safety: [
    {
      category: "Cooperative Safety Solutions",
      reason: "Residents and officers solving local problems together is what makes places feel safer.",
      picks: [
        "Starting with What Works: Using Evidence Based Strategies to Improve Community and Police Relations",
        "Building Healthier Communities through Pre-Arrest Diversion",
      ],
    },
    {
      category: "Leadership and Culture",
      reason: "A plan against street violence addresses the fear behind low safety scores.",
      picks: ["Reducing Violence and Crime on our Streets: A Guide for Law Enforcement Leaders"],
    },
    {
      category: "Community Trauma/Victim Services",
      reason: "Repeat victimisation, above all at home, keeps a neighbourhood afraid.",
      picks: [
        "Working Toward Safety and Justice Through Police and Prosecutor Partnerships",
        "Domestic Violence",
      ],
    },
  ],
};

/** What the mapping says about one resource: the indices it is suggested for, with the reason. */
export interface Fit {
  indicator: IndexKey;
  reason: string;
}

export interface FitCandidate {
  category: string;
  title: string;
  themes: string[];
  /** The library key (`<category>/<title>`); an agency's own programme has `agency/…`. */
  key?: string;
}

/** A resource's key: given, or derived from its category and title as the library's are. */
export const keyOf = (r: FitCandidate): string => r.key ?? catalogKey(r.category, r.title);

/** Whether a resource is an agency's own programme rather than a library entry or a copy of one. */
export const isOwnProgramme = (r: FitCandidate): boolean => keyOf(r).startsWith("agency/");

const pickedKeys = new Map<string, Fit[]>();
for (const [indicator, rows] of Object.entries(INDICATOR_CATEGORIES) as Array<[IndexKey, CategoryFit[]]>) {
  for (const row of rows) {
    for (const title of row.picks) {
      const key = catalogKey(row.category, title);
      pickedKeys.set(key, [...(pickedKeys.get(key) ?? []), { indicator, reason: row.reason }]);
    }
  }
}

/** Whether an agency programme fits an index: its category is mapped there and a theme matches. */
export function programmeFit(resource: FitCandidate, indicator: IndexKey): CategoryFit | undefined {
  const row = INDICATOR_CATEGORIES[indicator].find((r) => r.category === resource.category);
  return row && resource.themes.some((t) => themeMatches(t, INDICES[indicator])) ? row : undefined;
}

/**
 * Why a resource fits, by the mapping: a library entry for the indices that pick it (an agency's
 * copy keeps its entry's key, so it keeps its fit), an agency programme for the indices that map
 * its category and share a theme with it. Empty when the mapping suggests it for nothing.
 */
export function fitsOf(resource: FitCandidate): Fit[] {
  if (!isOwnProgramme(resource)) return pickedKeys.get(keyOf(resource)) ?? [];
  return (Object.keys(INDICATOR_CATEGORIES) as IndexKey[]).flatMap((indicator) => {
    const row = programmeFit(resource, indicator);
    return row ? [{ indicator, reason: row.reason }] : [];
  });
}
