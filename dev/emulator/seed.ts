import { chance, createRng, ids, pick, type Rng, randomInt, shuffle } from "./random.ts";
import {
  arns,
  CATALOGS,
  type Catalog,
  CONNECTION_INVITATION_TTL_MS,
  type Connection,
  type ConnectionInvitation,
  type ConnectionInvitationStatus,
  type ConnectionType,
  type ConnectionTypeDetail,
  type ContactRecord,
  EmulatorState,
  ENGAGEMENT_INVITATION_TTL_MS,
  type EngagementInvitation,
  type Participant,
  type ParticipantType,
  type Partner,
  type Payload,
  type SenderContact,
} from "./state.ts";

export interface SeedOptions {
  /** PRNG seed; the same number always produces the same data (relative to `now`). */
  seed?: number;
  /** Counts for the AWS catalog; the Sandbox catalog gets an eighth of each (rounded up). */
  engagementInvitations?: number;
  connectionInvitations?: number;
  connections?: number;
  opportunities?: number;
}

export const DEFAULT_SEED = {
  seed: 424242,
  engagementInvitations: 40,
  connectionInvitations: 20,
  connections: 12,
  opportunities: 30,
};

/** The partner-directory entry standing for AWS itself, the sender of most referrals. */
export const AWS_COMPANY_NAME = "Amazon Web Services";

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const PARTNER_PREFIXES = [
  "Northwind",
  "Bluepeak",
  "Cloudreach",
  "Ironbridge",
  "Silverline",
  "Brightpath",
  "Redwood",
  "Summit",
  "Harbor",
  "Keystone",
  "Lumen",
  "Cobalt",
  "Evergreen",
  "Granite",
  "Nimbus",
  "Orbital",
  "Pinnacle",
  "Quantum",
  "Sterling",
  "Tidewater",
  "Vantage",
  "Westfield",
  "Zenith",
  "Atlas",
];
const PARTNER_SUFFIXES = [
  "Cloud Solutions",
  "Consulting",
  "Systems",
  "Technologies",
  "Digital",
  "Data Partners",
  "Labs",
  "Integrators",
  "Networks",
  "Analytics",
  "Software",
  "Advisory Group",
];
export const CUSTOMER_PREFIXES = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Stark",
  "Wayne",
  "Oceanic",
  "Cyberdyne",
  "Soylent",
  "Hooli",
  "Vandelay",
  "Wonka",
  "Tyrell",
  "Massive Dynamic",
  "Gringotts",
  "Prestige",
  "Monarch",
  "Aperture",
  "Black Mesa",
  "Dunder",
];
export const CUSTOMER_KINDS: readonly (readonly [string, string])[] = [
  ["Health", "Healthcare"],
  ["Bank", "Financial Services"],
  ["Logistics", "Transportation and Logistics"],
  ["Retail", "Retail"],
  ["Energy", "Energy - Power and Utilities"],
  ["Media", "Media and Entertainment"],
  ["Games", "Gaming"],
  ["Manufacturing", "Manufacturing"],
  ["University", "Education"],
  ["Telecom", "Telecommunications"],
  ["Insurance", "Financial Services"],
  ["Software", "Software and Internet"],
  ["Foods", "Consumer Goods"],
  ["Biotech", "Life Sciences"],
  ["Motors", "Automotive"],
  ["Airlines", "Travel"],
];
export const COUNTRIES = [
  "US",
  "US",
  "US",
  "GB",
  "DE",
  "FR",
  "JP",
  "AU",
  "CA",
  "IN",
  "BR",
  "SG",
  "NL",
  "SE",
  "ES",
  "IE",
  "MX",
];
export const PROJECT_TITLES = [
  "Data lake modernization",
  "SAP migration to AWS",
  "Generative AI contact center",
  "Kubernetes platform rebuild",
  "Mainframe offload",
  "Real-time fraud detection",
  "Data center exit",
  "Windows workloads migration",
  "Serverless order pipeline",
  "Analytics on Redshift",
  "Disaster recovery setup",
  "Security posture uplift",
  "IoT telemetry platform",
  "Media archive to S3",
  "ML demand forecasting",
  "VMware to AWS migration",
  "Customer 360 on AWS",
  "Oracle to Aurora migration",
  "Edge video analytics",
  "Bedrock knowledge assistant",
];
export const BUSINESS_PROBLEMS = [
  "{c} runs its core workloads in an ageing data center whose lease ends next year and needs a partner to plan and execute the move.",
  "{c} wants to cut reporting latency from days to minutes and consolidate five regional data warehouses into one governed platform.",
  "{c} is losing customers to slow support and wants an AI assistant that resolves common requests without an agent.",
  "{c} has seen licensing costs rise sharply and is looking to move off commercial databases onto managed open-source engines.",
  "{c} must meet new regulatory requirements for resilience and needs a tested multi-Region recovery plan.",
  "{c} wants to launch a new digital product in two quarters and lacks in-house cloud engineering capacity.",
];
const INVITATION_MESSAGES = [
  "We think your team is a great fit for this opportunity. Please review and accept if you can support.",
  "Customer has asked for a partner with migration experience in their region. Looking forward to working together.",
  "Referral from the account team: the customer is ready for a technical deep dive next week.",
  "Please confirm your interest so we can schedule a joint call with the customer.",
];
const CONNECTION_MESSAGES = [
  "We would like to collaborate on co-sell opportunities in your region.",
  "Let's connect so we can share opportunities for joint customers.",
  "Connecting our organizations to streamline opportunity collaboration.",
  "Please accept so we can set up our subsidiary relationship in Partner Central.",
];
const REJECTION_REASONS = [
  "Customer is outside our service area",
  "No capacity this quarter",
  "Opportunity is a duplicate",
  "Not a fit for our practice",
];
export const FIRST_NAMES = [
  "Ana",
  "Ben",
  "Chen",
  "Divya",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemi",
  "Liam",
];
export const LAST_NAMES = [
  "Silva",
  "Okafor",
  "Nakamura",
  "Schmidt",
  "Patel",
  "Rossi",
  "Johnson",
  "Kowalski",
  "Haddad",
  "Lund",
];
const TITLES = [
  "Partner Development Manager",
  "Alliance Manager",
  "Solutions Architect",
  "Account Executive",
];
const RESPONSIBILITIES = [
  "Services Partner",
  "Software Partner",
  "Reseller",
  "Managed Service Provider",
  "Co-Sell Facilitator",
];

/** Share of each scenario in generated data; `allocate` turns these into exact counts. */
const ENGAGEMENT_BUCKETS = {
  pendingWithinHours: 0.12,
  pendingWithinDays: 0.18,
  pendingLater: 0.15,
  pendingNoExpiry: 0.05,
  expired: 0.12,
  accepted: 0.2,
  rejected: 0.18,
} as const;
export type EngagementBucket = keyof typeof ENGAGEMENT_BUCKETS;

const CONNECTION_INVITATION_BUCKETS = {
  pendingWithinHours: 0.1,
  pendingWithinDays: 0.15,
  pendingLater: 0.15,
  expired: 0.15,
  accepted: 0.2,
  rejected: 0.15,
  canceled: 0.1,
} as const;
export type ConnectionInvitationBucket = keyof typeof CONNECTION_INVITATION_BUCKETS;

/** Connections: one or two connection types, some with a CANCELED type. */
const CONNECTION_SHAPES = {
  oneActive: 0.5,
  bothActive: 0.3,
  oneCanceled: 0.1,
  bothOneCanceled: 0.1,
} as const;

export type ParticipantKind = "PartnerProfile" | "SellerProfile" | "Account";
const PARTICIPANT_KINDS: Record<ParticipantKind, number> = {
  PartnerProfile: 0.6,
  SellerProfile: 0.25,
  Account: 0.15,
};

/** Exact counts per bucket (largest remainder), in a seeded random order. */
export function allocate<K extends string>(rng: Rng, total: number, weights: Record<K, number>): K[] {
  const entries = Object.entries(weights) as [K, number][];
  const counts = entries.map(([key, w]) => ({
    key,
    n: Math.floor(total * w),
    rest: total * w - Math.floor(total * w),
  }));
  let missing = total - counts.reduce((sum, c) => sum + c.n, 0);
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (missing-- <= 0) break;
    c.n++;
  }
  return shuffle(
    rng,
    counts.flatMap((c) => Array.from({ length: c.n }, () => c.key)),
  );
}

export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

export function seconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** Generates realistic records; used for the seed and for records added at run time. */
export class DataFactory {
  private readonly rng: Rng;
  private readonly state: EmulatorState;

  constructor(rng: Rng, state: EmulatorState) {
    this.rng = rng;
    this.state = state;
  }

  person(company: string): { first: string; last: string; email: string; title: string } {
    const first = pick(this.rng, FIRST_NAMES);
    const last = pick(this.rng, LAST_NAMES);
    return {
      first,
      last,
      email: `${first.toLowerCase()}.${last.toLowerCase()}@${slug(company)}.com`,
      title: pick(this.rng, TITLES),
    };
  }

  partner(companyName?: string): Partner {
    let name = companyName ?? `${pick(this.rng, PARTNER_PREFIXES)} ${pick(this.rng, PARTNER_SUFFIXES)}`;
    const taken = new Set([...this.state.partners.values()].map((p) => p.CompanyName));
    for (let n = 2; taken.has(name); n++) name = `${name.replace(/ \d+$/, "")} ${n}`;
    const contact = this.person(name);
    let accountId = ids.awsAccount(this.rng);
    while (this.state.partners.has(accountId) || accountId === this.state.accountId) {
      accountId = ids.awsAccount(this.rng);
    }
    const partner: Partner = {
      AwsAccountId: accountId,
      CompanyName: name,
      WebsiteUrl: `https://www.${slug(name)}.com`,
      PartnerProfileId: ids.partnerProfile(this.rng),
      SellerProfileId: ids.sellerProfile(this.rng),
      ContactFirstName: contact.first,
      ContactLastName: contact.last,
      ContactEmail: contact.email,
      ContactTitle: contact.title,
    };
    this.state.partners.set(partner.AwsAccountId, partner);
    return partner;
  }

  private awsSender(): Partner | undefined {
    for (const p of this.state.partners.values()) if (p.CompanyName === AWS_COMPANY_NAME) return p;
    return undefined;
  }

  /** Any known partner other than AWS itself, creating one if none exists yet. */
  otherPartner(): Partner {
    const candidates = [...this.state.partners.values()].filter((p) => p.CompanyName !== AWS_COMPANY_NAME);
    return candidates.length > 0 ? pick(this.rng, candidates) : this.partner();
  }

  private payload(
    payloadType: EngagementInvitation["PayloadType"],
    contact: SenderContact,
    now: number,
  ): Payload {
    const [kind, industry] = pick(this.rng, CUSTOMER_KINDS);
    const customer = `${pick(this.rng, CUSTOMER_PREFIXES)} ${kind}`;
    const website = `https://www.${slug(customer)}.com`;
    const country = pick(this.rng, COUNTRIES);
    const title = pick(this.rng, PROJECT_TITLES);
    if (payloadType === "LeadInvitation") {
      return {
        LeadInvitation: {
          Customer: {
            CompanyName: customer,
            Industry: industry,
            WebsiteUrl: website,
            CountryCode: country,
            AwsMaturity: pick(this.rng, ["Low", "Medium", "High"]),
            MarketSegment: pick(this.rng, ["Enterprise", "Strategic", "Small Business"]),
          },
          Interaction: {
            ContactBusinessTitle: pick(this.rng, ["CTO", "VP Engineering", "Head of Data", "CIO"]),
            SourceType: pick(this.rng, ["Website", "Event", "Marketplace"]),
            SourceId: `src-${randomInt(this.rng, 10000, 99999)}`,
            SourceName: pick(this.rng, [
              "AWS Summit",
              "aws.amazon.com contact form",
              "AWS Marketplace listing",
            ]),
            Usecase: title,
          },
        },
      };
    }
    const target = seconds(now + randomInt(this.rng, 60, 365) * DAY)
      .toISOString()
      .slice(0, 10);
    return {
      OpportunityInvitation: {
        SenderContacts: [{ ...contact, Phone: `+1206555${randomInt(this.rng, 1000, 9999)}` }],
        ReceiverResponsibilities: [pick(this.rng, RESPONSIBILITIES)],
        Customer: { Industry: industry, CompanyName: customer, WebsiteUrl: website, CountryCode: country },
        Project: {
          Title: title,
          BusinessProblem: pick(this.rng, BUSINESS_PROBLEMS).replace("{c}", customer),
          TargetCompletionDate: target,
          ExpectedCustomerSpend: [
            {
              Amount: `${randomInt(this.rng, 5, 400) * 250}.00`,
              CurrencyCode: "USD",
              Frequency: "Monthly",
              TargetCompany: "AWS",
            },
          ],
        },
      },
    };
  }

  engagementInvitation(
    catalog: Catalog,
    bucket: EngagementBucket | "justSent",
    participantType: ParticipantType,
    now: number,
    /** The payload to build; otherwise one in five invitations we receive is a lead. */
    requestedPayload?: EngagementInvitation["PayloadType"],
  ): EngagementInvitation {
    const rng = this.rng;
    let expiration: number | undefined;
    let invitationDate: number;
    let status: EngagementInvitation["Status"] = "PENDING";
    switch (bucket) {
      case "justSent":
        expiration = now + ENGAGEMENT_INVITATION_TTL_MS;
        break;
      case "pendingWithinHours":
        expiration = now + randomInt(rng, 1 * HOUR, 20 * HOUR);
        break;
      case "pendingWithinDays":
        expiration = now + randomInt(rng, 1 * DAY, 5 * DAY);
        break;
      case "pendingLater":
        expiration = now + randomInt(rng, 5 * DAY + HOUR, 14 * DAY);
        break;
      case "expired":
        expiration = now - randomInt(rng, 1 * HOUR, 45 * DAY);
        status = "EXPIRED";
        break;
      case "accepted":
      case "rejected":
        expiration = now - randomInt(rng, 1 * DAY, 120 * DAY) + ENGAGEMENT_INVITATION_TTL_MS;
        status = bucket === "accepted" ? "ACCEPTED" : "REJECTED";
        break;
      case "pendingNoExpiry":
        expiration = undefined;
        break;
    }
    if (expiration === undefined) invitationDate = now - randomInt(rng, 1 * HOUR, 10 * DAY);
    else invitationDate = expiration - ENGAGEMENT_INVITATION_TTL_MS;

    const state = this.state;
    const weSent = participantType === "SENDER";
    const aws = this.awsSender();
    // The other party: who sent us a received invitation, or who receives one we sent.
    const counterpart = !weSent && aws && chance(rng, 0.6) ? aws : this.otherPartner();
    const us = weSent ? this.person(state.companyName) : undefined;
    const contact: SenderContact = us
      ? { Email: us.email, FirstName: us.first, LastName: us.last, BusinessTitle: us.title }
      : {
          Email: counterpart.ContactEmail,
          FirstName: counterpart.ContactFirstName,
          LastName: counterpart.ContactLastName,
          BusinessTitle: counterpart.ContactTitle,
        };
    const payloadType =
      requestedPayload ?? (!weSent && chance(rng, 0.2) ? "LeadInvitation" : "OpportunityInvitation");
    const payload = this.payload(payloadType, contact, now);
    const title =
      "OpportunityInvitation" in payload
        ? payload.OpportunityInvitation.Project.Title
        : payload.LeadInvitation.Interaction.Usecase;
    const customer =
      "OpportunityInvitation" in payload
        ? payload.OpportunityInvitation.Customer.CompanyName
        : payload.LeadInvitation.Customer.CompanyName;
    const id = state.newId("engagementInvitation");
    return {
      Catalog: catalog,
      Id: id,
      Arn: arns.engagementInvitation(state.accountId, catalog, id),
      PayloadType: payloadType,
      EngagementId: ids.engagement(rng),
      EngagementTitle: (title ?? "Engagement").slice(0, 40),
      EngagementDescription: `${title} for ${customer}.`,
      Status: status,
      InvitationDate: seconds(invitationDate),
      ...(expiration === undefined ? {} : { ExpirationDate: seconds(expiration) }),
      SenderAwsAccountId: weSent ? state.accountId : counterpart.AwsAccountId,
      SenderCompanyName: weSent ? state.companyName : counterpart.CompanyName,
      Receiver: {
        Account: weSent
          ? { AwsAccountId: counterpart.AwsAccountId, Alias: slug(counterpart.CompanyName).slice(0, 12) }
          : { AwsAccountId: state.accountId, Alias: state.accountAlias },
      },
      ParticipantType: participantType,
      ...(status === "REJECTED" ? { RejectionReason: pick(rng, REJECTION_REASONS) } : {}),
      Payload: payload,
      InvitationMessage: pick(rng, INVITATION_MESSAGES),
      ExistingMembers: [
        weSent
          ? { CompanyName: state.companyName, WebsiteUrl: `https://www.${slug(state.companyName)}.com` }
          : { CompanyName: counterpart.CompanyName, WebsiteUrl: counterpart.WebsiteUrl },
      ],
    };
  }

  private participant(partner: Partner, kind: ParticipantKind): Participant {
    if (kind === "PartnerProfile")
      return { PartnerProfile: { Id: partner.PartnerProfileId, Name: partner.CompanyName } };
    if (kind === "SellerProfile")
      return { SellerProfile: { Id: partner.SellerProfileId, Name: partner.CompanyName } };
    return { Account: { Name: partner.CompanyName } };
  }

  connection(
    catalog: Catalog,
    partner: Partner,
    types: readonly ConnectionType[],
    canceled: readonly ConnectionType[],
    participantKind: ParticipantKind,
    now: number,
  ): Connection {
    const rng = this.rng;
    const participant = this.participant(partner, participantKind);
    const us = this.person(this.state.companyName);
    const detail: Connection["ConnectionTypes"] = {};
    let updated = 0;
    for (const type of types) {
      const created = now - randomInt(rng, 10 * DAY, 400 * DAY);
      const weInvited = chance(rng, 0.5);
      const entry: ConnectionTypeDetail = {
        CreatedAt: seconds(created),
        InviterEmail: weInvited ? us.email : partner.ContactEmail,
        InviterName: weInvited
          ? `${us.first} ${us.last}`
          : `${partner.ContactFirstName} ${partner.ContactLastName}`,
        Status: "ACTIVE",
        OtherParticipant: participant,
      };
      updated = Math.max(updated, created);
      if (canceled.includes(type)) {
        const at = randomInt(rng, created + DAY, now - HOUR);
        entry.Status = "CANCELED";
        entry.CanceledAt = seconds(at);
        entry.CanceledBy = chance(rng, 0.5) ? this.state.accountId : partner.AwsAccountId;
        updated = Math.max(updated, at);
      }
      detail[type] = entry;
    }
    const id = this.state.newId("connection");
    return {
      Catalog: catalog,
      Id: id,
      Arn: arns.connection(catalog, id),
      OtherParticipantAccountId: partner.AwsAccountId,
      UpdatedAt: seconds(updated),
      ConnectionTypes: detail,
    };
  }

  connectionInvitation(
    catalog: Catalog,
    bucket: ConnectionInvitationBucket | "justSent",
    participantType: ParticipantType,
    now: number,
    linked?: Connection,
  ): ConnectionInvitation {
    const rng = this.rng;
    let expires: number;
    let status: ConnectionInvitationStatus = "PENDING";
    switch (bucket) {
      case "justSent":
        expires = now + CONNECTION_INVITATION_TTL_MS;
        break;
      case "pendingWithinHours":
        expires = now + randomInt(rng, 1 * HOUR, 20 * HOUR);
        break;
      case "pendingWithinDays":
        expires = now + randomInt(rng, 1 * DAY, 5 * DAY);
        break;
      case "pendingLater":
        expires = now + randomInt(rng, 5 * DAY + HOUR, 14 * DAY);
        break;
      case "expired":
        expires = now - randomInt(rng, 1 * HOUR, 45 * DAY);
        status = "EXPIRED";
        break;
      default:
        expires = now - randomInt(rng, 1 * DAY, 90 * DAY) + CONNECTION_INVITATION_TTL_MS;
        status = bucket === "accepted" ? "ACCEPTED" : bucket === "rejected" ? "REJECTED" : "CANCELED";
    }
    const created = expires - CONNECTION_INVITATION_TTL_MS;
    const responded = Math.min(now - 60_000, created + randomInt(rng, HOUR, 4 * DAY));
    const updated = status === "PENDING" ? created : status === "EXPIRED" ? expires : responded;
    const partner =
      (linked && this.state.partners.get(linked.OtherParticipantAccountId)) || this.otherPartner();
    const type: ConnectionType = linked
      ? pick(rng, Object.keys(linked.ConnectionTypes) as ConnectionType[])
      : chance(rng, 0.8)
        ? "OPPORTUNITY_COLLABORATION"
        : "SUBSIDIARY";
    const us = this.person(this.state.companyName);
    const weSent = participantType === "SENDER";
    const id = this.state.newId("connectionInvitation");
    return {
      Catalog: catalog,
      Id: id,
      Arn: arns.connectionInvitation(catalog, id),
      ...(linked && status === "ACCEPTED" ? { ConnectionId: linked.Id } : {}),
      ConnectionType: type,
      CreatedAt: seconds(created),
      UpdatedAt: seconds(updated),
      ExpiresAt: seconds(expires),
      OtherParticipantIdentifier: partner.AwsAccountId,
      ParticipantType: participantType,
      Status: status,
      InvitationMessage: pick(rng, CONNECTION_MESSAGES),
      InviterEmail: weSent ? us.email : partner.ContactEmail,
      InviterName: weSent
        ? `${us.first} ${us.last}`
        : `${partner.ContactFirstName} ${partner.ContactLastName}`,
    };
  }
}

export function sandboxShare(n: number): number {
  return Math.ceil(n / 8);
}

/**
 * Builds the emulator state: our own account, a partner directory, our own Partner Central users and
 * (unless `seed` is false) sample invitations and connections; opportunity-data.ts adds opportunities.
 */
export function buildState(
  now: Date,
  seed: SeedOptions | false,
  partnerUsers: ContactRecord[] = [],
): EmulatorState {
  const options = { ...DEFAULT_SEED, ...(seed || {}) };
  const rng = createRng(options.seed);
  const ourName = `${pick(rng, PARTNER_PREFIXES)} ${pick(rng, PARTNER_SUFFIXES)}`;
  const state = new EmulatorState(
    ids.awsAccount(rng),
    ourName,
    slug(ourName).slice(0, 12),
    createRng(options.seed ^ 0x5bd1e995),
  );
  for (const user of partnerUsers) if (user.Email) state.partnerUsers.set(user.Email.toLowerCase(), user);
  const factory = new DataFactory(rng, state);
  const aws = factory.partner(AWS_COMPANY_NAME);
  aws.WebsiteUrl = "https://aws.amazon.com";
  aws.ContactEmail = `${aws.ContactFirstName}.${aws.ContactLastName}@amazon.com`.toLowerCase();
  const counts =
    seed === false
      ? { ei: 0, ci: 0, c: 0 }
      : { ei: options.engagementInvitations, ci: options.connectionInvitations, c: options.connections };
  const partnerCount = Math.max(
    16,
    counts.c + sandboxShare(counts.c) + 1,
    Math.min(60, Math.ceil((counts.ei + counts.ci) / 100)),
  );
  while (state.partners.size < partnerCount) factory.partner();
  if (seed === false) return state;

  const t = now.getTime();
  const partners = shuffle(
    rng,
    [...state.partners.values()].filter((p) => p !== aws),
  );
  let nextPartner = 0;
  for (const catalog of CATALOGS) {
    const scale = (n: number) => (catalog === "AWS" ? n : sandboxShare(n));
    const connections: Connection[] = [];
    const kinds = allocate(rng, scale(counts.c), PARTICIPANT_KINDS);
    for (const [i, shape] of allocate(rng, scale(counts.c), CONNECTION_SHAPES).entries()) {
      const partner = partners[nextPartner++ % partners.length] as Partner;
      const first: ConnectionType = chance(rng, 0.75) ? "OPPORTUNITY_COLLABORATION" : "SUBSIDIARY";
      const both = shape === "bothActive" || shape === "bothOneCanceled";
      const types: ConnectionType[] = both ? ["OPPORTUNITY_COLLABORATION", "SUBSIDIARY"] : [first];
      const canceled: ConnectionType[] =
        shape === "oneCanceled" || shape === "bothOneCanceled" ? [pick(rng, types)] : [];
      const connection = factory.connection(
        catalog,
        partner,
        types,
        canceled,
        kinds[i] ?? "PartnerProfile",
        t,
      );
      state.connections.set(connection.Id, connection);
      connections.push(connection);
    }

    const ciCount = scale(counts.ci);
    const ciParticipants = allocate<ParticipantType>(rng, ciCount, { RECEIVER: 0.6, SENDER: 0.4 });
    allocate(rng, ciCount, CONNECTION_INVITATION_BUCKETS).forEach((bucket, i) => {
      const linked = bucket === "accepted" && connections.length > 0 ? pick(rng, connections) : undefined;
      const invitation = factory.connectionInvitation(
        catalog,
        bucket,
        ciParticipants[i] ?? "RECEIVER",
        t,
        linked,
      );
      state.connectionInvitations.set(invitation.Id, invitation);
    });

    const eiCount = scale(counts.ei);
    const eiParticipants = allocate<ParticipantType>(rng, eiCount, { RECEIVER: 0.85, SENDER: 0.15 });
    allocate(rng, eiCount, ENGAGEMENT_BUCKETS).forEach((bucket, i) => {
      const invitation = factory.engagementInvitation(catalog, bucket, eiParticipants[i] ?? "RECEIVER", t);
      state.engagementInvitations.set(invitation.Id, invitation);
    });
  }
  return state;
}
