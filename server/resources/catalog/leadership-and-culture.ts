import type { CatalogCategory } from "./index.js";

/** IACP Community-Police Engagement: "Leadership and Culture". Titles as listed; summaries are our own. */
export const leadershipAndCulture: CatalogCategory = {
  name: "Leadership and Culture",
  description: "Leadership, ethics and workplace culture that carry the agency's values into daily policing.",
  themes: ["procedural_justice.motives", "trust.legitimacy"],
  entries: [
    {
      kind: "policy_paper",
      title: "Arrests",
      themes: ["procedural_justice.respect", "procedural_justice.neutrality", "trust.legitimacy"],
      summary:
        "Model guidance on voluntary contacts, detentions, frisks and arrests, so officers act lawfully and professionally with the public.",
    },
    {
      kind: "policy_paper",
      title: "Body-Worn Cameras",
      themes: ["trust.legitimacy", "procedural_justice.respect"],
      summary:
        "Points to weigh before equipping officers with cameras, including when to record and how to store and release footage.",
    },
    {
      kind: "policy_paper",
      title: "Incident Command",
      themes: ["safety"],
      summary: "Guidance on using a standard command structure to plan for and manage major emergencies.",
    },
    {
      kind: "policy_paper",
      title: "Retaliatory Conduct",
      themes: ["procedural_justice.motives", "trust.legitimacy"],
      summary:
        "A model policy that shields employees who report wrongdoing from retaliation by colleagues or supervisors.",
    },
    {
      kind: "policy_paper",
      title: "Standards of Conduct",
      themes: ["trust.legitimacy", "procedural_justice.motives"],
      summary:
        "Describes the ethical standards officers must meet and ties them to the agency's mission and values.",
    },
    {
      kind: "policy_paper",
      title: "Grievance Procedures",
      themes: ["procedural_justice.motives"],
      summary:
        "How to set up a fair process for employees to raise and settle workplace disputes, which supports morale.",
    },
    {
      kind: "resource",
      title: "Law Enforcement Oath of Honor",
      themes: ["trust.legitimacy", "procedural_justice.motives"],
      summary: "A short pledge of integrity that an agency can adopt and its officers can affirm.",
    },
    {
      kind: "resource",
      title: "Internal Communication for Culture Change",
      themes: ["procedural_justice.motives", "trust.legitimacy"],
      summary:
        "Advice for leaders on using internal messages to move the agency's culture toward its stated values.",
    },
    {
      kind: "resource",
      title: "Peer Bystander Intervention In Law Enforcement Agencies",
      themes: ["procedural_justice.respect", "trust.legitimacy", "procedural_justice.motives"],
      summary:
        "Shows how officers can be trained and backed up to step in when a colleague is about to make a mistake or act wrongly.",
    },
    {
      kind: "resource",
      title: "Reducing Violence and Crime on our Streets: A Guide for Law Enforcement Leaders",
      themes: ["safety", "engagement.partnership"],
      summary:
        "A leader's guide to strategies that reduce violent crime while keeping the support of residents.",
    },
    {
      kind: "resource",
      title: "Acute Trauma Webinar",
      themes: ["procedural_justice.motives"],
      summary:
        "A recorded session on recognising and easing the effects of a single traumatic event on officers and staff.",
    },
    {
      kind: "resource",
      title: "Cumulative Trauma Webinar",
      themes: ["procedural_justice.motives"],
      summary:
        "A recorded session on how repeated exposure to distressing calls adds up over a career, and what agencies can do about it.",
    },
    {
      kind: "resource",
      title: "IACP National Summit on Law Enforcement's Leadership Role in Juvenile Justice Reform",
      themes: ["procedural_justice.respect", "procedural_justice.motives", "engagement.dialogue"],
      summary:
        "Findings from a national meeting on how police leaders can help change the way young people are handled by the justice system.",
    },
    {
      kind: "resource",
      title: "Vicarious Trauma Webinar",
      themes: ["procedural_justice.motives"],
      summary:
        "A recorded session on the strain staff take on from hearing about other people's trauma, and how to support them.",
    },
    {
      kind: "resource",
      title: "Building Communities of Trust: Guidance for Community Leaders",
      themes: ["trust", "engagement.partnership", "engagement.reporting"],
      summary:
        "Guidance for community leaders on working with police to build mutual trust and share information safely.",
    },
    {
      kind: "resource",
      title: "Protecting Civil Rights: A Leadership Guide for State, Local, and Tribal Law Enforcement",
      themes: ["procedural_justice.neutrality", "trust.legitimacy"],
      summary:
        "A guide for police leaders on making civil rights protection part of policy, training and supervision.",
    },
    {
      kind: "resource",
      title: "Law Enforcement Code of Ethics",
      themes: ["trust.legitimacy", "procedural_justice.motives"],
      summary: "The profession's statement of the ethical duties every officer takes on.",
    },
    {
      kind: "resource",
      title: "Ethics Toolkit",
      themes: ["trust.legitimacy", "procedural_justice.motives"],
      summary: "Materials an agency can use to teach ethics and build a culture of integrity.",
    },
    {
      kind: "resource",
      title: "Deconstructing the Power to Arrest: Lessons From Research",
      themes: ["procedural_justice.respect", "trust.legitimacy"],
      summary: "Summarises research on how and when officers make arrests, and what that means for policy.",
    },
    {
      kind: "resource",
      title: "Partnerships in Pretrial Justice",
      themes: ["engagement.partnership", "trust.legitimacy"],
      summary:
        "Describes how police can work with courts and others toward fair decisions about people waiting for trial.",
    },
    {
      kind: "resource",
      title: "Citation in Lieu of Arrest Study",
      themes: ["procedural_justice.respect", "procedural_justice.motives"],
      summary:
        "A study of giving citations instead of making arrests for minor offences, and what agencies learned from it.",
    },
    {
      kind: "resource",
      title: "Law Enforcement Perspectives: 2016 IACP Critical Issue Listening Tour",
      themes: ["engagement.dialogue", "trust"],
      summary:
        "Reports what officers and police leaders across the country named as the most pressing issues for policing in 2016.",
    },
    {
      kind: "article",
      title: "Embracing the Opportunity for Change: Leading Under a Federal Consent Decree",
      themes: ["trust.legitimacy"],
      summary:
        "A leader's view of treating a court-ordered reform agreement as a chance to improve the agency.",
    },
    {
      kind: "article",
      title: "Leadership through Modern-Day Approaches to Community and Employee Wellness",
      themes: ["procedural_justice.motives", "trust"],
      summary:
        "Explores how caring for the wellbeing of staff and residents is part of good police leadership.",
    },
    {
      kind: "article",
      title: "The Police and Faith Communities: An Opportunity for Partnership",
      themes: ["engagement.partnership", "trust"],
      summary: "Ways agencies can work with congregations and faith leaders toward shared community goals.",
    },
    {
      kind: "article",
      title: "Ten Lessons on Leadership",
      themes: ["procedural_justice.motives"],
      summary: "A police leader's ten practical lessons on leading people and organisations.",
    },
    {
      kind: "article",
      title: "Creating a Culture of Success: The Role of Professional Growth for Millennials and Gen Z",
      themes: ["procedural_justice.motives", "trust.legitimacy"],
      summary:
        "Argues that giving younger employees room to grow helps agencies keep them and builds a healthier culture.",
    },
  ],
};
