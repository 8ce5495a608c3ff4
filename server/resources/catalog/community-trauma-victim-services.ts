import type { CatalogCategory } from "./index.js";

/** IACP Community-Police Engagement: "Community Trauma/Victim Services". Titles as listed; summaries are our own. */
export const communityTraumaVictimServices: CatalogCategory = {
  name: "Community Trauma/Victim Services",
  description: "Responses to victims and to people in crisis that put their needs, safety and dignity first.",
  themes: ["satisfaction", "procedural_justice.respect", "safety"],
  entries: [
    {
      kind: "policy_paper",
      title: "Response to Victims of Crime",
      themes: ["satisfaction", "procedural_justice.respect"],
      summary:
        "Guidance on recognising what crime victims need and are entitled to, and on meeting those needs at every step.",
    },
    {
      kind: "policy_paper",
      title: "Domestic Violence",
      themes: ["safety", "satisfaction", "procedural_justice.respect"],
      summary:
        "A model approach to domestic violence that protects victims, links them with local support and keeps responding officers safe.",
    },
    {
      kind: "policy_paper",
      title: "Interactions with Transgender and Gender-Nonconforming Individuals",
      themes: ["procedural_justice.respect", "procedural_justice.neutrality"],
      summary:
        "Points for policy and training so that transgender and gender-nonconforming people are treated with dignity by officers.",
    },
    {
      kind: "policy_paper",
      title: "Harassment and Discrimination",
      themes: ["procedural_justice.neutrality", "procedural_justice.motives"],
      summary:
        "Guidance on preventing and handling harassment and discrimination inside police agencies, including harassment online.",
    },
    {
      kind: "policy_paper",
      title: "Arrests and Investigatory Stops",
      themes: ["procedural_justice.respect", "procedural_justice.neutrality", "trust.legitimacy"],
      summary:
        "Model guidance on stops, detentions, frisks and arrests, so officers act lawfully and professionally with the public.",
    },
    {
      kind: "policy_paper",
      title: "Intellectual and Developmental Disabilities",
      themes: ["procedural_justice.respect", "safety"],
      summary:
        "Helps officers recognise people with intellectual or developmental disabilities, treat them with dignity and avoid custody where possible.",
    },
    {
      kind: "policy_paper",
      title: "Mental Illness",
      themes: ["procedural_justice.respect", "safety"],
      summary:
        "Guidance for responding to people in a mental health crisis with calming techniques that lower the risk of harm.",
    },
    {
      kind: "resource",
      title: "Law Enforcement-Based Victim Services",
      themes: ["satisfaction", "procedural_justice.respect"],
      summary: "An overview of victim support programs run from inside police agencies.",
    },
    {
      kind: "resource",
      title: "Library of Human Trafficking Training, Tools, and Resources",
      themes: ["safety"],
      summary: "A collection of training and tools for spotting and responding to human trafficking.",
    },
    {
      kind: "resource",
      title: "Human Trafficking Confidentiality Protocol Checklist",
      themes: ["procedural_justice.respect", "satisfaction"],
      summary:
        "A checklist for protecting the privacy of trafficking survivors when partner organisations share information.",
    },
    {
      kind: "resource",
      title: "Human Trafficking Task Force Sustainability Worksheet",
      themes: ["engagement.partnership", "safety"],
      summary:
        "A worksheet that helps anti-trafficking task forces plan how to keep going for the long term.",
    },
    {
      kind: "resource",
      title: "Enhanced Collaborative Model to Combat Human Trafficking",
      themes: ["engagement.partnership", "safety"],
      summary:
        "Describes a team approach in which police, prosecutors and service providers handle trafficking cases together.",
    },
    {
      kind: "resource",
      title:
        "Development and Operations Roadmap for Multidisciplinary Collaborative Model Anti-Human Trafficking Task Forces",
      themes: ["engagement.partnership", "safety"],
      summary:
        "A step-by-step plan for setting up and running an anti-trafficking task force that spans several agencies.",
    },
    {
      kind: "resource",
      title: "Combating Child Sex Trafficking: A Guide for Law Enforcement Leaders",
      themes: ["safety"],
      summary:
        "A leader's guide to preventing, spotting and investigating the sexual exploitation of children.",
    },
    {
      kind: "resource",
      title: "Trauma Informed Sexual Assault Investigation Training",
      themes: ["procedural_justice.respect", "satisfaction"],
      summary:
        "Training on investigating sexual assault in ways that take account of how trauma affects victims.",
    },
    {
      kind: "resource",
      title: "The Effects of Adolescent Development on Policing",
      themes: ["procedural_justice.respect", "procedural_justice.voice"],
      summary:
        "Explains how teenagers' stage of development shapes how they act in police encounters, and how officers can adapt.",
    },
    {
      kind: "resource",
      title: "Improving Law Enforcement Responses to Adolescent Girls",
      themes: ["procedural_justice.respect", "procedural_justice.neutrality"],
      summary: "Recommendations for meeting the particular needs of girls who come into contact with police.",
    },
    {
      kind: "resource",
      title: "Law Enforcement’s Role in Victim Compensation",
      themes: ["satisfaction"],
      summary: "Explains how officers can help victims learn about and claim compensation for their losses.",
    },
    {
      kind: "resource",
      title: "Successful Trauma Informed Victim Interviewing",
      themes: ["procedural_justice.respect", "satisfaction"],
      summary:
        "Techniques for interviewing victims in a way that lowers distress and yields better information.",
    },
    {
      kind: "resource",
      title:
        "Responding to Sexual Violence in LGBTQ+ Communities: Law Enforcement Strategies and Consideration",
      themes: ["procedural_justice.respect", "procedural_justice.neutrality"],
      summary:
        "Strategies for fair and supportive police responses to sexual violence against LGBTQ+ people.",
    },
    {
      kind: "resource",
      title: "Intimate Partner Violence Response Policy and Training Content Guidelines",
      themes: ["safety", "satisfaction"],
      summary:
        "Guidelines for the policies and training an agency needs to respond well to violence between partners.",
    },
    {
      kind: "resource",
      title: "Sexual Assault Response Policy and Training Content Guidelines",
      themes: ["procedural_justice.respect", "satisfaction"],
      summary: "Guidelines for the policies and training behind a victim-centred response to sexual assault.",
    },
    {
      kind: "resource",
      title: "Addressing Sexual Offenses and Misconduct by Law Enforcement: Executive Guide",
      themes: ["trust.legitimacy"],
      summary:
        "A guide for leaders on preventing, detecting and responding to sexual misconduct by their own officers.",
    },
    {
      kind: "resource",
      title: "Deliberations from the IACP National Forum on Body-Worn Cameras and Violence Against Women",
      themes: ["trust.legitimacy", "satisfaction"],
      summary:
        "Summarises a national discussion on how body-worn cameras affect cases involving violence against women.",
    },
    {
      kind: "resource",
      title:
        "Establishing or Enhancing Law Enforcement-Based Victim Services – What are the key considerations",
      themes: ["satisfaction"],
      summary:
        "Questions to work through when starting or expanding a victim services program inside a police agency.",
    },
    {
      kind: "resource",
      title: "Sexual Assault Incident Reports: Investigative Strategies",
      themes: ["procedural_justice.respect", "satisfaction"],
      summary: "Advice on writing sexual assault reports that support a thorough investigation.",
    },
    {
      kind: "resource",
      title: "Enhancing Police Responses to Children Exposed to Violence: A Toolkit for Law Enforcement",
      themes: ["procedural_justice.respect", "safety"],
      summary: "Tools that help officers recognise and support children who have seen or suffered violence.",
    },
    {
      kind: "resource",
      title: "Working Toward Safety and Justice Through Police and Prosecutor Partnerships",
      themes: ["engagement.partnership", "safety"],
      summary:
        "Describes how police and prosecutors can cooperate to get better results for victims and for public safety.",
    },
    {
      kind: "resource",
      title: "Webinar: Officer Safety Considerations for Domestic Violence Calls",
      themes: ["safety"],
      summary: "A recorded session on keeping officers safe when they answer domestic violence calls.",
    },
    {
      kind: "article",
      title: "Crime Victim Advocacy in the Aftermath of Firearms Crime",
      themes: ["satisfaction"],
      summary: "Looks at how advocates can support victims and families after shootings.",
    },
    {
      kind: "article",
      title: "Proactive Alliance: The Ethos of Broken Windows",
      themes: ["safety", "engagement.partnership"],
      summary:
        "Discusses a proactive approach to neighbourhood disorder and the partnerships with residents it depends on.",
    },
    {
      kind: "article",
      title: "What Does the Data Tell Us About Law Enforcement–Based Victim Services",
      themes: ["satisfaction"],
      summary: "Reviews the evidence on what victim services run by police agencies achieve.",
    },
    {
      kind: "article",
      title: "Overcoming Fear and Building Trust with Immigrant Communities and Crime Victims",
      themes: ["trust", "engagement.reporting", "procedural_justice.respect"],
      summary: "Ways to help immigrant residents feel safe reporting crimes and working with police.",
    },
    {
      kind: "article",
      title:
        "The Brief: Law Enforcement–Based Victim Services—Strong Foundations Lead to Improved Victim Outcomes",
      themes: ["satisfaction"],
      summary:
        "A short piece on how well-built victim services inside police agencies lead to better results for victims.",
    },
    {
      kind: "article",
      title:
        "IACP@Work: Leading the Way in Sexual Assault Response Reform—National Sexual Assault Kit Initiative",
      themes: ["satisfaction", "trust.legitimacy"],
      summary:
        "Describes national work to test backlogged sexual assault evidence kits and improve how these cases are handled.",
    },
    {
      kind: "article",
      title: "Spotlight: Leading the Way in Victim Services",
      themes: ["satisfaction"],
      summary: "Highlights agencies that have built strong services for victims of crime.",
    },
    {
      kind: "article",
      title: "IACP Working For You: Trauma-Informed Policing: Responding to Children Exposed to Violence",
      themes: ["procedural_justice.respect", "satisfaction"],
      summary:
        "Describes help for officers to respond with awareness of trauma when children have been exposed to violence.",
    },
  ],
};
