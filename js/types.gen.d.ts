// Generated from the Rust types (feature `schema`, src/schema.rs) by
// `cargo run --features schema --example gen-schema`; do not edit by hand.
// tests/schema.rs fails when this file differs from what the types generate.

/** Account-wide facts. */
export interface Account {
  plan?: string;
  /** Single sign-on for the whole account, e.g. `"saml"`. */
  sso?: string;
  /** Account-wide toggles, any JSON values. */
  settings?: { [key: string]: JsonValue };
}

/** What the admin is about to do: `deactivate`, `delete`, `reactivate`, or an action the policy declares (`suspend`, `freeze`…). */
export type Action = 'deactivate' | 'delete' | 'reactivate' | (string & {});

/** Whether one action is available for a selection, and why not. */
export interface ActionChoice {
  action: Action;
  verdict: Verdict;
  blockers: Finding[];
  warnings: Finding[];
}

/** What one action does. */
export interface ActionDef {
  /** An action the product does not offer at all. */
  enabled?: boolean;
  label?: string;
  /** Statuses the target must have (e.g. delete only after deactivate: `["deactivated"]`). */
  fromStatuses?: Status[];
  fromStatusesMessage?: Template;
  user?: UserChangeDef;
  /** Items the action creates when an effect moves or indexes into them. */
  containers?: { [key: string]: ContainerDef };
  /** Item rules, first match wins, for every reference to a leaving user. */
  rules?: RuleDef[];
  /** The effect on references no rule matches; `keep` when absent. */
  default?: EffectDef;
  /** The action is possible only within this many days of the target's last status change (`statusChangedAt`): a restore window. */
  withinDays?: number;
  /** Users may take this action on their own account (Slack members deactivating themselves); by default the built-in `selfAction` blocker refuses it. */
  allowSelf?: boolean;
}

/** The actions a product offers, by name: the built-in `deactivate`, `delete` and `reactivate`, and any the policy declares (`suspend`, `freeze`, `transferContent`…). */
export type ActionsDef = { [key: string]: ActionDef };

/** When a freed seat stops being billed. */
export type Billing = 'released' | 'periodEnd' | 'removed';

/** The users one blocker code stops. */
export interface BlockerTotal {
  code: string;
  /** The first such blocker's message. */
  message: string;
  users: string[];
}

/** Deactivation and deletion of the same targets, computed on the same data. */
export interface Comparison {
  deactivate: Preview;
  delete: Preview;
  /** Set when the policy deletes only deactivated users: `delete` is then the preview of deleting after the deactivation has been applied. */
  deleteAfterDeactivate: boolean;
  rows: ComparisonRow[];
}

/** One aspect of deactivation and deletion side by side. */
export interface ComparisonRow {
  aspect: string;
  deactivate: string;
  delete: string;
}

/** `compare` in `summary` detail: both previews cut down. */
export interface ComparisonSummary {
  deactivate: PreviewSummary;
  delete: PreviewSummary;
  deleteAfterDeactivate: boolean;
  rows: ComparisonRow[];
}

/** An expression of the condition language, e.g. `target.role == 'owner' and successor != null`. */
export type Condition = string;

/** A constraint: when `when` holds, a blocker or a warning. */
export interface ConstraintDef {
  /** Unique among all rules and constraints of the policy; findings name it. */
  id: string;
  /** Actions it applies to; empty means all. */
  actions?: Action[];
  scope?: Scope;
  /** A condition on `item`: the constraint runs once per item referencing the target for which it holds, and its findings name the item. */
  forEach?: Condition;
  /** When it holds, the finding is reported. */
  when: Condition;
  severity?: Severity;
  /** A stable, non-empty machine code, e.g. `lastOwner`. */
  code: string;
  message: Template;
  doc?: string;
}

export interface ContainerDef {
  /** The item type created, e.g. `folder`. */
  type: string;
  /** A template for the `name` field, e.g. `"{target.fields.name} - deleted user resources"`. */
  name: Template;
  /** The key of another container of the action this one is created in. */
  in?: string;
  /** A condition naming an existing item the container is created in (e.g. `successor.fields.personalSpace`); used when `in` is absent. */
  inItem?: Condition;
  /** Relation set to the successor on the created item (e.g. `owner`). */
  ownerRelation?: string;
  /** The status of the created item. */
  status?: string;
  /** Templates for other fields of the created item, by field name (`name` wins over `fields.name`). */
  fields?: { [key: string]: Template };
}

export type Detail = 'summary' | 'full';

/** Effects counted by kind; kinds with none are left out. */
export type EffectCounts = Partial<Record<EffectKind, number>>;

export interface EffectDef {
  kind: EffectKind;
  /** For `reattribute`: the placeholder's user id (a key of `placeholders`). */
  placeholder?: string;
  /** For successor kinds: how to choose a successor when the request names none. */
  fallback?: FallbackDef;
  /** For successor kinds: the effect when there is no successor at all. */
  otherwise?: EffectDef;
  /** Access role the successor gets: `raise` (the higher of theirs and the leaver's), `same`, or a share role. */
  role?: string;
  /** A container key of the action: the item moves into it. */
  moveTo?: string;
  /** A container key of the action: the item is listed in it (field `links`). */
  indexIn?: string;
  /** For `delete`: a container key of the action the deleted item's contents move into; by default its contents are deleted with it. */
  moveContentsTo?: string;
  /** For `remove`, `transfer`, `reassign`, `reattribute`: the leaver's reference is also kept in this relation (for example `formerMember`, `formerOwner`), so that a later action can restore it. */
  keepAs?: string;
  /** For `restore`: the relation the reference returns to; `share` gives access back with `role`. */
  relation?: string;
  /** The effect happens this many days after the action (a retention period); at once when absent. */
  afterDays?: number;
  /** Item attributes set: `status`, or `fields.<name>`. Values are literal JSON, not templates. */
  set?: { [key: string]: JsonValue };
}

/** What happens to one reference. */
export type EffectKind = 'delete' | 'transfer' | 'reassign' | 'share' | 'reattribute' | 'remove' | 'keep' | 'restore';

/** Every error code the engine and this package answer with. */
export type ErrorCode =
  | 'badNumber'
  | 'blockedPreview'
  | 'containerCycle'
  | 'duplicateId'
  | 'duplicateName'
  | 'duplicateRuleId'
  | 'duplicateTarget'
  | 'emptyId'
  | 'expectedLambda'
  | 'expectedToken'
  | 'internal'
  | 'invalidInput'
  | 'invalidJson'
  | 'invalidPlan'
  | 'invalidTimestamp'
  | 'invalidValue'
  | 'limitExceeded'
  | 'missingField'
  | 'missingShareRoles'
  | 'noActor'
  | 'notInitialized'
  | 'reservedName'
  | 'sampleNotEmbedded'
  | 'staleSnapshot'
  | 'truncatedJson'
  | 'unbalancedBrace'
  | 'unboundVariable'
  | 'unexpectedCharacter'
  | 'unexpectedEnd'
  | 'unexpectedLambda'
  | 'unexpectedToken'
  | 'unknownAttribute'
  | 'unknownContainer'
  | 'unknownField'
  | 'unknownFunction'
  | 'unknownItem'
  | 'unknownPlaceholder'
  | 'unknownPreset'
  | 'unknownRole'
  | 'unknownShareRole'
  | 'unknownUser'
  | 'unknownVariable'
  | 'unknownVariant'
  | 'unterminatedHole'
  | 'undeclaredName'
  | 'unterminatedString'
  | 'workspaceFreed'
  | 'wrongArity';

export interface FallbackDef {
  /** A condition on `candidate` (and `item`, `user`…): who may be chosen. */
  among: Condition;
  order?: FallbackOrder;
}

export type FallbackOrder = 'lowestId' | 'highestRank';

/** A personal field erased or replaced. */
export interface FieldChange {
  field: string;
  kind: FieldChangeKind;
  from: JsonValue;
  to: JsonValue;
  rule: string;
}

/** A personal-field change: `"erase"`, `"keep"` or `{"replace": "template"}`. */
export type FieldChangeDef =
  | 'erase' | 'keep'
  | {
      replace: Template;
    };

export type FieldChangeKind = 'erase' | 'replace';

/** A blocker or a warning. */
export interface Finding {
  /** Stable machine code, e.g. `lastOwner`. */
  code: string;
  message: string;
  /** The id of the rule or constraint that produced it (`builtin.*` for the engine's own checks). */
  rule: string;
  /** The target it is about. */
  user?: string;
  item?: string;
  /** For a finding about a successor: the successor (`user` is the target it takes over from). */
  successor?: string;
  /** For a finding about seats: the licence. */
  licence?: string;
  /** For a finding about several users (the targets taking seats over a limit): their ids. */
  users?: string[];
  /** For an `undeclaredName` warning: the name the policy does not declare. */
  name?: string;
  /** For an `undeclaredName` warning: the first places the snapshot uses it (JSON pointers). */
  paths?: string[];
}

/** Hashes of what the preview was computed from. */
export interface Fingerprint {
  /** Over the three below: what a backend compares. */
  value: string;
  policy: string;
  snapshot: string;
  request: string;
}

/** An item of any type (deal, task, article, folder, automation…). */
export interface Item {
  /** Non-empty and unique among items. */
  id: string;
  /** The item type: deal, task, article, folder, automation… */
  type: string;
  /** The item's status: open, closed, done, published… */
  status?: string;
  /** The id of another item that contains this one (a folder, a space). */
  container?: string;
  /** Relations to users by relation name (owner, assignees, creator, followers…). */
  refs?: { [key: string]: Refs };
  shares?: Share[];
  /** Other fields, any JSON values. */
  fields?: { [key: string]: JsonValue };
}

/** What happens to one reference from an item to a leaving user. */
export interface ItemEffect {
  item: string;
  type: string;
  status?: string;
  /** The relation name, or `share` for an access grant. */
  relation: string;
  kind: EffectKind;
  /** The leaving user referenced. */
  from: string;
  /** The successor or placeholder the reference goes to. */
  to?: string;
  /** How the successor was chosen: `request` or `fallback`. */
  chosenBy?: 'request' | 'fallback';
  roleBefore?: string;
  roleAfter?: string;
  /** The id of the container the item moves into. */
  container?: string;
  indexedIn?: string;
  set?: { [key: string]: JsonValue };
  /** The relation the reference is in afterwards: a removed reference kept for restoring (`keepAs`), or a restored one (`restore`). */
  relationAfter?: string;
  /** For an effect that happens later (`afterDays`): the days after the action, and when (RFC 3339). Its operations are in a `later` operation. */
  afterDays?: number;
  at?: string;
  rule: string;
}

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A change to the user scheduled after the action. */
export interface LaterChange {
  afterDays: number;
  /** The request's `now` plus `afterDays`. */
  at: string;
  label?: string;
  /** Set when the step changes the status. */
  statusBefore?: Status;
  statusAfter?: Status;
  fields?: FieldChange[];
  rule: string;
}

/** A change to the user scheduled `afterDays` after the action. */
export interface LaterDef {
  /** Days after the action. */
  afterDays: number;
  /** What the step is called in the timeline ("permanent deletion"). */
  label?: string;
  /** The status the user then has. */
  status?: Status;
  /** Personal fields then erased or replaced (as in `user.fields`). */
  fields?: { [key: string]: FieldChangeDef };
}

export interface LicenceDef {
  /** Statuses that hold a seat of this licence; `seats.holdingStatuses` when absent. */
  holdingStatuses?: Status[];
  /** How summaries name one seat of this licence, e.g. "full seat"; "<licence> seat" when absent. */
  label?: string;
  /** The plural of `label`; `label` with an English plural ending when absent. */
  plural?: string;
  /** Whether a freed seat stops being paid for at once (`released`, the default), at the end of the billing period (`periodEnd`), or only when an admin removes the licence from the account (`removed`). */
  billing?: Billing;
}

/** Safe defaults, each overridable by the host in the `limits` member of a call. Each member left out keeps its default. */
export interface Limits {
  /** Bytes of one JSON input document. */
  maxInputBytes?: number;
  maxUsers?: number;
  maxItems?: number;
  /** User ids one item may reference through its relations and shares. */
  maxRefsPerItem?: number;
  /** Bytes of any one string (id, name, field value). */
  maxStringBytes?: number;
  /** Nesting depth of one condition expression. */
  maxConditionDepth?: number;
  /** Nodes in one condition expression. */
  maxConditionNodes?: number;
  /** Rules and constraints in one policy. */
  maxRules?: number;
  /** Expression steps one preview may evaluate. */
  maxEvaluationSteps?: number;
}

/**
 * One structured error: a stable machine `code`, a lowercase human `message`, a JSON-pointer-like `path` to the offending value and an optional `help`.
 *
 * It is a `std::error::Error` (through thiserror), displayed as `code at path: message`, so Rust callers can `?` it into their own errors.
 */
export interface OffboardError {
  code: ErrorCode;
  message: string;
  path: string;
  help?: string;
}

/** One operation of the machine plan a backend executes, in order. Written tagged by `op`; read through one flat struct (`src/plan_read.rs`). */
export type Op =
  | {
      op: 'setUserStatus';
      user: string;
      from: Status;
      to: Status;
      /** When the change happens: `apply` records it as `statusChangedAt`. */
      at?: string;
    }
  /** Operations that happen `afterDays` after the action, at `at`: `apply` runs them once its own `at` reaches them, else keeps them in the snapshot's `scheduled`. A later status change of `user` cancels them. */
  | {
      op: 'later';
      at: string;
      afterDays: number;
      user: string;
      label?: string;
      ops: Op[];
    }
  /** Set a user's role (`from` null: the user had none). */
  | {
      op: 'setUserRole';
      user: string;
      from: string | null;
      to: string;
    }
  /** Set a user's licence (`from` or `to` null: none). */
  | {
      op: 'setUserLicence';
      user: string;
      from: string | null;
      to: string | null;
    }
  | {
      op: 'revokeSessions';
      user: string;
      delay?: string;
    }
  | {
      op: 'revokeTokens';
      user: string;
    }
  | {
      op: 'blockNewAssignments';
      user: string;
    }
  | {
      op: 'setUserField';
      user: string;
      field: string;
      from: JsonValue;
      to: JsonValue;
    }
  | {
      op: 'createPlaceholder';
      user: string;
      name: string;
    }
  | {
      op: 'createItem';
      item: string;
      type: string;
      fields: { [key: string]: JsonValue };
      container?: string;
      refs?: { [key: string]: string };
      status?: string;
    }
  /** Add `user` to a relation of an item. */
  | {
      op: 'addRef';
      item: string;
      relation: string;
      user: string;
    }
  /** Replace `from` by `to` in a relation (`to` null removes it). */
  | {
      op: 'setRef';
      item: string;
      relation: string;
      from: string;
      to: string | null;
    }
  /** Set a user's access role on an item (`to` null revokes it). */
  | {
      op: 'setShare';
      item: string;
      user: string;
      from: string | null;
      to: string | null;
    }
  | {
      op: 'moveItem';
      item: string;
      from: string | null;
      to: string;
    }
  | {
      op: 'addLink';
      item: string;
      link: string;
    }
  | {
      op: 'setItem';
      item: string;
      attribute: string;
      from: JsonValue;
      to: JsonValue;
    }
  | {
      op: 'deleteItem';
      item: string;
    };

/** A window over a preview's effects and plan. */
export interface PageRequest {
  offset?: number;
  limit: number;
}

export interface PlaceholderDef {
  /** The display name shown instead of the user, e.g. "(deleted user)". */
  name: string;
}

/** What `validatePolicy` reports about a valid policy. */
export interface PolicyCheck {
  id: string;
  name: string | null;
  /** The actions the policy enables. */
  actions: Action[];
  rules: number;
  constraints: number;
  /** `sha256:…` of the policy. */
  fingerprint: string;
}

/** The policy document. */
export interface PolicyDocument {
  /** The schema this document follows; ignored by the engine and left out of the policy fingerprint. */
  $schema?: string;
  /** A non-empty identifier; previews name the policy by it. */
  id: string;
  name?: string;
  description?: string;
  /** Where the documented behaviour comes from (a help page URL). */
  source?: string;
  /** User roles and their ranks; higher ranks outrank lower ones. */
  roles?: { [key: string]: RoleDef };
  /** Share (access) roles from least to most access, for "raise to the higher of the two". */
  shareRoles?: string[];
  /** Labels of item types for summaries. */
  types?: { [key: string]: TypeDef };
  /** Placeholder accounts that references can be re-attributed to, by user id. */
  placeholders?: { [key: string]: PlaceholderDef };
  seats?: SeatsDef;
  /** What each action does. An action left out is not offered: its previews are blocked with `actionUnavailable`. */
  actions: ActionsDef;
  /** Blockers and warnings, evaluated in order. */
  constraints?: ConstraintDef[];
  /** Names the policy knows beyond `roles`, `types`, `shareRoles` and `seats.licences`, and what a preview says of a snapshot using others. */
  vocabulary?: VocabularyDef;
}

/** A preset as `listPresets` lists it. */
export interface PresetInfo {
  id: string;
  name: string | null;
  description: string | null;
  /** Where the product's documented behaviour comes from. */
  source: string | null;
}

/** The preview of one request. */
export interface Preview {
  action: Action;
  policy: string;
  verdict: Verdict;
  blockers: Finding[];
  warnings: Finding[];
  seats: Seats[];
  users: UserChange[];
  effects: ItemEffect[];
  summary: Summary;
  plan: Op[];
  fingerprint: Fingerprint;
}

/** How many effects and plan operations the full preview has. */
export interface PreviewCounts {
  effects: number;
  plan: number;
  /** Effects by kind (`transfer`, `reattribute`…) as numbers, kinds with none left out. */
  byKind: EffectCounts;
}

/** One window of the full preview's effects and plan, each sliced at the same `offset` and `limit`. */
export interface PreviewPage {
  offset: number;
  limit: number;
  /** The `offset` of the next page, or `null` after the last one. */
  next: number | null;
  effects: ItemEffect[];
  plan: Op[];
}

/** A preview in `summary` detail: the full preview without `effects` and `plan` (so `apply` refuses it), with their `counts`, and, when asked, one `page` of them. */
export interface PreviewSummary {
  action: Action;
  policy: string;
  verdict: Verdict;
  blockers: Finding[];
  warnings: Finding[];
  seats: Seats[];
  users: UserChange[];
  summary: Summary;
  counts: PreviewCounts;
  page?: PreviewPage;
  fingerprint: Fingerprint;
}

/** The value of a relation: one user id, a list of them, or nothing. */
export type Refs = string | string[] | null;

/** A request for a preview. Several targets make a bulk request. */
export interface Request {
  action: Action;
  /** The id of the user performing the action. */
  actor: string;
  /** The ids of the users acted on. */
  targets: string[];
  /** The successor for every target. */
  successor?: string;
  /** Per-target successors, overriding `successor`. */
  successors?: { [key: string]: string };
  /** Free options the policy's conditions read as `options.<name>`, e.g. `{"transfer": false}`. */
  options?: { [key: string]: JsonValue };
  /** The current time, RFC 3339. The engine reads no clock. */
  now: string;
}

export interface RoleDef {
  /** Higher ranks outrank lower ones. */
  rank: number;
  label?: string;
}

/** A blocker of one user: code and message. */
export interface RowBlocker {
  code: string;
  message: string;
}

/** An item rule: for references matching `types`, `relations` and `when`, the effect. */
export interface RuleDef {
  /** Unique among all rules and constraints of the policy; findings and effects name it. */
  id: string;
  /** Item types; empty matches every type. */
  types?: string[];
  /** Relation names, or `share` for access grants; empty matches every relation but not shares. */
  relations?: string[];
  when?: Condition;
  effect: EffectDef;
  /** A sentence quoted from the product's documentation, or another explanation. */
  doc?: string;
}

/** The result of one scenario. */
export interface ScenarioOutcome {
  name: string;
  passed: boolean;
  steps: number;
  /** One line per mismatch: the step, the JSON pointer and what differs. */
  failures: string[];
}

export type Scope = 'target' | 'successor' | 'request';

/** Seats of one licence that one user's action changes. */
export interface SeatChange {
  licence: string;
  /** How sentences name this many seats of the licence (as [`SeatTotal::label`]). */
  label: string;
  /** Negative frees seats, positive consumes them (as `Seats.change`). */
  change: number;
}

/** Seats of one licence over the rows. */
export interface SeatTotal {
  licence: string;
  /** How sentences name these seats: the licence's `label` (or `plural`) in the policy's `seats.licences`, else "<licence> seats". */
  label: string;
  /** When the licence's `billing` keeps freed seats billed: until the billing period ends (`periodEnd`) or an admin removes the licence (`removed`). */
  billedUntil?: Billing;
  /** Seats freed by the users whose action is allowed. */
  reclaimable: number;
  /** Seats the blocked users would free once their blockers are resolved. */
  blocked: number;
}

/** Seats of one licence. */
export interface Seats {
  licence: string;
  limit?: number;
  before: number;
  after: number;
  /** `after - before`: negative frees seats, positive consumes them. */
  change: number;
  overLimit: boolean;
  /** Seats still paid for after the action, when freed seats stay billed (the licence's `billing` is `periodEnd` or `removed`). */
  billed?: number;
  /** Until when freed seats stay billed: `periodEnd` or `removed`. */
  billedUntil?: Billing;
}

export interface SeatsDef {
  /** Statuses that hold a seat of the user's licence. */
  holdingStatuses?: Status[];
  /** Per-licence overrides of `holdingStatuses`. */
  licences?: { [key: string]: LicenceDef };
  /** What a preview says when the seats held after the action exceed the plan's limit. */
  onOverLimit?: Severity;
  overLimitMessage?: Template;
}

/** What happens to login and sessions. */
export interface Sessions {
  /** `revoked`, `kept`, `restored`, or `none` when the user had no access left to end. */
  login: 'revoked' | 'kept' | 'restored' | 'none';
  delay?: string;
  rule: string;
}

export interface SessionsDef {
  /** Sessions and login are revoked (true) or left alone (false). */
  revoke?: boolean;
  /** A condition under which revocation is delayed (e.g. `target.sso`). */
  delayedWhen?: Condition;
  /** When a delayed revocation takes effect, e.g. "at SSO session end". */
  delay?: string;
}

export type Severity = 'block' | 'warn';

/** An access grant on an item. */
export interface Share {
  /** A user id of the snapshot. */
  user: string;
  /** The access role, ideally one of the policy's `shareRoles`. */
  role: string;
}

/** The workspace the preview is computed on. */
export interface Snapshot {
  /** Seat limits per licence type. */
  seats?: { [key: string]: number };
  users?: User[];
  items?: Item[];
  account?: Account;
  /** Plan operations `apply` has scheduled for later (`later` operations not yet due), applied by the first `apply` whose `at` reaches them. */
  scheduled?: Op[];
}

/** A user's lifecycle status: `active`, `deactivated`, `deleted`, or one a policy's own action leads to (`suspended`, `frozen`…). */
export type Status = 'active' | 'deactivated' | 'deleted' | (string & {});

export interface Summary {
  headline: string;
  lines: SummaryLine[];
  /** True for a blocked preview: the lines say what would happen once its blockers are resolved ("Once resolved, would …"), not what will happen. */
  conditional: boolean;
}

/** One line of the summary: effects of one kind on one item type. */
export interface SummaryLine {
  kind: string;
  type?: string;
  count: number;
  to?: string;
  text: string;
  /** For what happens later: when (RFC 3339); a timeline groups lines by it. */
  at?: string;
}

/** What to sweep. The call object also holds `policy`, read by the caller (so unknown members are refused there, with the call's other members). */
export interface Sweep {
  action: Action;
  /** A per-target condition of the policy language; every user (but placeholders) when absent. */
  where?: string;
  /** The admin acting; by default, for each user, the highest-ranked active user other than that one (lowest id on ties). */
  actor?: string;
  successor?: string;
  options?: { [key: string]: JsonValue };
  /** The current time, RFC 3339. */
  now: string;
  /** The first matching user to preview (0-based). */
  offset?: number;
  /** How many matching users to preview; all when absent. */
  limit?: number;
  /** Only `"summary"`: a sweep's rows are summary-sized. */
  detail?: Detail;
}

/** The answer: the rows of `offset..offset+limit` of the matching users, their totals, and where the next chunk starts. */
export interface SweepAnswer {
  action: Action;
  policy: string;
  /** Users matching `where`, over the whole workspace. */
  matched: number;
  offset: number;
  /** The `offset` of the next chunk, or `null` after the last. */
  next: number | null;
  rows: SweepRow[];
  totals: SweepTotals;
}

/** The preview of one matching user, in summary. */
export interface SweepRow {
  user: string;
  name?: string;
  actor: string;
  verdict: Verdict;
  blockers: RowBlocker[];
  warnings: number;
  seats: SeatChange[];
  /** Effects by kind: `{"transfer": 14, …}` (numbers; a [`Map`] so that no other map type is compiled into the wasm module). */
  effects: EffectCounts;
  fingerprint: string;
}

export interface SweepTotals {
  users: number;
  allowed: number;
  blocked: number;
  /** By licence, sorted. */
  seats: SeatTotal[];
  /** By code: most users first, then by code. */
  blockers: BlockerTotal[];
}

/** Text with `{expression}` holes; `{{` and `}}` stand for literal braces. */
export type Template = string;

export interface TypeDef {
  /** The singular label, e.g. "deal". */
  label?: string;
  /** The plural label, e.g. "deals". */
  plural?: string;
}

/** What a preview does with a name the policy does not declare: `warn`, one `undeclaredName` warning per name; `error`, the preview fails with one `undeclaredName` error per name. */
export type Undeclared = 'warn' | 'error';

/** A user of the workspace. */
export interface User {
  /** Non-empty and unique among users. */
  id: string;
  /** A role of the policy's `roles`. */
  role?: string;
  status?: Status;
  /** The licence or seat type the user holds; none holds no seat. */
  licence?: string;
  /** The user signs in through single sign-on. */
  sso?: boolean;
  /** RFC 3339 timestamp or date, e.g. `2026-11-23T10:00:00Z` or `2026-11-23`. */
  lastActiveAt?: string;
  /** When the user's status last changed (RFC 3339); `apply` records it. */
  statusChangedAt?: string;
  /** Personal fields (name, email, phone, avatar…). */
  fields?: { [key: string]: JsonValue };
  permissions?: string[];
  /** Groups or teams the user belongs to (used by fallback-successor rules). */
  groups?: string[];
  /** A placeholder account references are re-attributed to ("(deleted user)", "Ghost User"). */
  placeholder?: boolean;
}

/** What happens to one target user. */
export interface UserChange {
  user: string;
  name?: string;
  statusBefore: Status;
  statusAfter: Status;
  /** The role before and after, when the action changes it (`user.role`). */
  roleBefore?: string;
  roleAfter?: string;
  licence?: string;
  /** The licence after, when the action changes it (`user.licence`): a licence, or `null` for none. */
  licenceAfter?: string | null;
  /** `freed`, `consumed`, `kept` or `none`: the seat of `licence` before against the seat of the licence after. */
  seat: 'freed' | 'consumed' | 'kept' | 'none';
  sessions: Sessions;
  tokensRevoked: boolean;
  newAssignmentsBlocked: boolean;
  reversible: boolean;
  restoreWindowDays?: number;
  /** The end of the restore window: the request's `now` plus `restoreWindowDays`. */
  restoreUntil?: string;
  fields: FieldChange[];
  /** What happens to the user later (`user.later`), in order. */
  later?: LaterChange[];
  /** Access grants on items that end with the action. */
  accessRevoked: number;
  successor?: string;
  notes?: string[];
  rule: string;
}

/** What happens to the target user. */
export interface UserChangeDef {
  /** The status after the action; by default the action's own. */
  status?: Status;
  /** The role after the action (a key of `roles`); by default unchanged. */
  role?: string;
  /** The licence after the action (`null`: none, as when an agent becomes an end user); by default unchanged. The seats follow it. */
  licence?: string | null;
  sessions?: SessionsDef;
  /** API tokens and keys are revoked. */
  revokeTokens?: boolean;
  /** The user can no longer be assigned new work. */
  blockNewAssignments?: boolean;
  /** Whether the action can be undone; by default deactivation can, deletion cannot. */
  reversible?: boolean;
  /** Days during which the user can still be restored. */
  restoreWindowDays?: number;
  /** Personal fields erased or replaced; the key `*` stands for every field not listed. */
  fields?: { [key: string]: FieldChangeDef };
  /** Extra notes for the confirmation dialog. */
  notes?: Template[];
  /** What happens to the user later, N days after the action (the end of a retention period, a permanent deletion, a purge). */
  later?: LaterDef[];
}

export type Verdict = 'allowed' | 'blocked';

/** The names a policy knows, checked against the snapshot's (`undeclaredName`). */
export interface VocabularyDef {
  /** Item types, in addition to the keys of `types`. */
  types?: string[];
  /** Relation names; relations are checked only when this is given. */
  relations?: string[];
  /** Item statuses; statuses are checked only when this is given. */
  statuses?: string[];
  /** Licences, in addition to the keys of `seats.licences`. */
  licences?: string[];
  /** What a preview does with a snapshot using undeclared names. */
  undeclared?: Undeclared;
}

/** What a loaded workspace holds. */
export interface WorkspaceStats {
  users: number;
  items: number;
  references: number;
  /** `sha256:…` of the snapshot. */
  fingerprint: string;
}
