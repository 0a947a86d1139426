// Types of the offboard package. Written by hand from the Rust types in
// src/model.rs, src/policy.rs, src/preview.rs and src/ffi.rs, and kept in sync
// by tests/js/types.test.mjs, which type-checks real engine answers
// (every preset's preview, compare, apply) against these declarations with
// `tsc --strict`: a field added, renamed or removed in Rust fails the test.

// ---------------------------------------------------------------- answers

// BEGIN ErrorCode: generated from `offboard::error::Code` by tests/schema.rs
// (OFFBOARD_BLESS=1 cargo test --test schema rewrites it); do not edit by hand.
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
// END ErrorCode

/** One structured error: a stable machine `code`, a human `message`, a JSON-pointer-like `path`. */
export interface OffboardError {
  code: ErrorCode;
  message: string;
  path: string;
  help?: string;
}

export interface Success<T> {
  ok: true;
  value: T;
}

export interface Failure {
  ok: false;
  errors: OffboardError[];
}

/** Every call answers with one of these; none throws for bad input. */
export type Answer<T> = Success<T> | Failure;

/**
 * A call input: the call object itself, or its JSON text as a string or as
 * UTF-8 bytes. For large workspaces the string or bytes are faster (see the
 * package docs, "Passing large inputs").
 */
export type Input<T> = T | string | Uint8Array | ArrayBuffer;

// ---------------------------------------------------------------- snapshot

/** A user status: the built-in three, or one a policy's own action leads to (`suspended`, `frozen`…). */
export type Status = 'active' | 'deactivated' | 'deleted' | (string & {});
/** An action: the built-in three, or one the policy declares (`suspend`, `freeze`…). */
export type Action = 'deactivate' | 'delete' | 'reactivate' | (string & {});
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface User {
  id: string;
  role?: string;
  status?: Status;
  /** The licence or seat type the user holds; none holds no seat. */
  licence?: string;
  /** The user signs in through single sign-on. */
  sso?: boolean;
  /** RFC 3339. */
  lastActiveAt?: string;
  /** When the status last changed, RFC 3339; `apply` records it. */
  statusChangedAt?: string;
  /** Personal fields: name, email, phone, avatar… */
  fields?: { [field: string]: JsonValue };
  permissions?: string[];
  groups?: string[];
  /** A placeholder account references are re-attributed to ("(deleted user)"). */
  placeholder?: boolean;
}

export interface Share {
  user: string;
  role: string;
}

export interface Item {
  id: string;
  type: string;
  status?: string;
  /** The id of the item that contains this one (a folder, a space). */
  container?: string;
  /** Named relations to users: one id, a list of ids, or null. */
  refs?: { [relation: string]: string | string[] | null };
  shares?: Share[];
  fields?: { [field: string]: JsonValue };
}

export interface Account {
  plan?: string;
  /** Single sign-on for the whole account, e.g. "saml". */
  sso?: string;
  settings?: { [setting: string]: JsonValue };
}

/** The workspace the preview is computed on. */
export interface Snapshot {
  /** Seat limits per licence type. */
  seats?: { [licence: string]: number };
  users?: User[];
  items?: Item[];
  account?: Account;
  /** `later` operations `apply` has scheduled and not yet run. */
  scheduled?: Op[];
}

/** What the admin is about to do. Several targets make a bulk request. */
export interface Request {
  action: Action;
  actor: string;
  targets: string[];
  /** The successor for every target. */
  successor?: string;
  /** Per-target successors, overriding `successor`. */
  successors?: { [target: string]: string };
  options?: { [option: string]: JsonValue };
  /** The current time, RFC 3339: the engine reads no clock. */
  now: string;
}

/** Limits on input size and evaluation cost; each defaults to a safe value. */
export interface Limits {
  maxInputBytes?: number;
  maxUsers?: number;
  maxItems?: number;
  maxRefsPerItem?: number;
  maxStringBytes?: number;
  maxConditionDepth?: number;
  maxConditionNodes?: number;
  maxRules?: number;
  maxEvaluationSteps?: number;
}

// ---------------------------------------------------------------- policy

export type EffectKind = 'keep' | 'transfer' | 'reassign' | 'remove' | 'reattribute' | 'delete' | 'share' | 'restore';
export type Severity = 'block' | 'warn';

export interface EffectDef {
  kind: EffectKind;
  /** For `reattribute`: the placeholder's user id (a key of `placeholders`). */
  placeholder?: string;
  /** For successor kinds: how to choose a successor when the request names none. */
  fallback?: { among: string; order?: 'lowestId' | 'highestRank' };
  /** For successor kinds: the effect when there is no successor at all. */
  otherwise?: EffectDef;
  /** Access role the successor gets: `raise`, `same`, or a share role. */
  role?: string;
  /** A container key of the action: the item moves into it. */
  moveTo?: string;
  /** A container key of the action: the item is listed in it. */
  indexIn?: string;
  /** For `delete`: a container key of the action the deleted item's contents move into; by default they are deleted with it. */
  moveContentsTo?: string;
  /** The effect happens this many days after the action; at once when absent. */
  afterDays?: number;
  /** For `remove`, `transfer`, `reassign`, `reattribute`: the leaver's reference is also kept in this relation, so that a later action can restore it. */
  keepAs?: string;
  /** For `restore`: the relation the reference returns to; `share` gives access back with `role`. */
  relation?: string;
  /** Item attributes set: `status`, or `fields.<name>`. */
  set?: { [attribute: string]: JsonValue };
}

export interface RuleDef {
  id: string;
  types?: string[];
  relations?: string[];
  /** A condition in the policy's expression language. */
  when?: string;
  effect: EffectDef;
  doc?: string;
}

export type FieldChangeDef = 'erase' | 'keep' | { replace: string };

/** A change to the user scheduled after the action (retention, permanent deletion, purge). */
export interface LaterDef {
  afterDays: number;
  label?: string;
  status?: Status;
  fields?: { [field: string]: FieldChangeDef };
}

/** When a freed seat stops being billed. */
export type Billing = 'released' | 'periodEnd' | 'removed';

export interface ActionDef {
  enabled?: boolean;
  label?: string;
  fromStatuses?: Status[];
  fromStatusesMessage?: string;
  user?: {
    status?: Status;
    /** The role after the action, a key of `roles`; by default unchanged. */
    role?: string;
    sessions?: { revoke?: boolean; delayedWhen?: string; delay?: string };
    revokeTokens?: boolean;
    blockNewAssignments?: boolean;
    reversible?: boolean;
    restoreWindowDays?: number;
    fields?: { [field: string]: FieldChangeDef };
    notes?: string[];
    /** What happens to the user later, `afterDays` after the action. */
    later?: LaterDef[];
  };
  /** Possible only within this many days of the target's `statusChangedAt` (`windowClosed` otherwise). */
  withinDays?: number;
  /** Users may take the action on their own account; by default `selfAction` refuses it. */
  allowSelf?: boolean;
  containers?: {
    [key: string]: {
      type: string;
      name: string;
      in?: string;
      /** An expression naming an existing item (its id, or the item) the container is created in when `in` is absent. */
      inItem?: string;
      ownerRelation?: string;
      status?: string;
      /** Templates for other fields of the created item; `name` wins over `fields.name`. */
      fields?: { [field: string]: string };
    };
  };
  rules?: RuleDef[];
  default?: EffectDef;
}

export interface ConstraintDef {
  id: string;
  /** Actions it applies to; empty or absent means all. */
  actions?: Action[];
  scope?: 'target' | 'successor' | 'request';
  /** A condition on `item`: run once per item referencing the target for which it holds; findings name the item. */
  forEach?: string;
  when: string;
  severity?: Severity;
  code: string;
  message: string;
  doc?: string;
}

/** A product's rules, as data. */
export interface PolicyDocument {
  $schema?: string;
  id: string;
  name?: string;
  description?: string;
  source?: string;
  roles?: { [role: string]: { rank: number; label?: string } };
  shareRoles?: string[];
  types?: { [type: string]: { label?: string; plural?: string } };
  placeholders?: { [id: string]: { name: string } };
  seats?: {
    holdingStatuses?: Status[];
    /** Per-licence seat accounting and labels ("full seat" / "full seats"). */
    licences?: {
      [licence: string]: { holdingStatuses?: Status[]; label?: string; plural?: string; billing?: Billing };
    };
    onOverLimit?: Severity;
    overLimitMessage?: string;
  };
  actions: { [A in Action]?: ActionDef };
  constraints?: ConstraintDef[];
  /**
   * Names the policy knows beyond `roles`, `types`, `shareRoles` and `seats.licences`.
   * A preview warns (`undeclaredName`) when the snapshot uses others, or fails with
   * `undeclared: 'error'`. Types, relations, statuses and licences are checked only when listed here.
   */
  vocabulary?: {
    types?: string[];
    relations?: string[];
    statuses?: string[];
    licences?: string[];
    undeclared?: 'warn' | 'error';
  };
}

/** A policy document, or the name of a shipped preset such as "pipedrive". */
export type PolicyInput = PolicyDocument | string;

// ---------------------------------------------------------------- preview

export type Verdict = 'allowed' | 'blocked';

/** A blocker or a warning. */
export interface Finding {
  /** Stable machine code, e.g. `lastOwner`. */
  code: string;
  message: string;
  /** The rule or constraint that produced it (`builtin.*` for the engine's own checks). */
  rule: string;
  /** The target it is about (for a successor finding: the target the successor takes over from). */
  user?: string;
  item?: string;
  /** For a finding about a successor: the successor's id. */
  successor?: string;
  /** For `seatLimitExceeded`: the licence over its limit. */
  licence?: string;
  /** For `seatLimitExceeded`: the targets taking a seat of that licence; for `actionUnavailable`: the targets. */
  users?: string[];
  /** For `undeclaredName`: the name the policy does not declare. */
  name?: string;
  /** For `undeclaredName`: the first places (at most 3) the snapshot uses it, as JSON pointers (`/snapshot/items/17/type`). */
  paths?: string[];
}

/** Seats of one licence before and after. */
export interface Seats {
  licence: string;
  limit?: number;
  before: number;
  after: number;
  /** `after - before`: negative frees seats, positive consumes them. */
  change: number;
  overLimit: boolean;
  /** Seats still paid for after the action, when freed seats stay billed. */
  billed?: number;
  billedUntil?: 'periodEnd' | 'removed';
}

/** A scheduled change to a user (`user.later`). */
export interface LaterChange {
  afterDays: number;
  /** The request's `now` plus `afterDays`, RFC 3339. */
  at: string;
  label?: string;
  statusBefore?: Status;
  statusAfter?: Status;
  fields?: FieldChange[];
  rule: string;
}

export interface FieldChange {
  field: string;
  kind: 'erase' | 'replace';
  from: JsonValue;
  to: JsonValue;
  rule: string;
}

export interface UserChange {
  user: string;
  name?: string;
  statusBefore: Status;
  statusAfter: Status;
  /** Present when the action changes the role (`user.role`); `roleBefore` is absent if the user had none. */
  roleBefore?: string;
  roleAfter?: string;
  licence?: string;
  seat: 'freed' | 'consumed' | 'kept' | 'none';
  /** `none` when the user had no access left to end. */
  sessions: { login: 'revoked' | 'kept' | 'restored' | 'none'; delay?: string; rule: string };
  tokensRevoked: boolean;
  newAssignmentsBlocked: boolean;
  reversible: boolean;
  restoreWindowDays?: number;
  /** The end of the restore window: the request's `now` plus `restoreWindowDays`, RFC 3339. */
  restoreUntil?: string;
  fields: FieldChange[];
  /** What happens to the user later, in order. */
  later?: LaterChange[];
  /** Access grants on items that end with the action. */
  accessRevoked: number;
  successor?: string;
  notes?: string[];
  rule: string;
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
  chosenBy?: 'request' | 'fallback';
  roleBefore?: string;
  roleAfter?: string;
  /** The container the item moves into. */
  container?: string;
  indexedIn?: string;
  set?: { [attribute: string]: JsonValue };
  /** The relation the reference is in afterwards: kept for restoring (`keepAs`), or restored. */
  relationAfter?: string;
  /** For an effect that happens later: days after the action, and when (RFC 3339). */
  afterDays?: number;
  at?: string;
  rule: string;
}

export interface SummaryLine {
  kind: string;
  type?: string;
  count: number;
  to?: string;
  text: string;
  /** For what happens later (`kind: 'later'`): when, RFC 3339. */
  at?: string;
}

/** One operation of the machine plan a backend executes, in order. */
export type Op =
  | { op: 'setUserStatus'; user: string; from: Status; to: Status; at?: string }
  | { op: 'addRef'; item: string; relation: string; user: string }
  | { op: 'later'; at: string; afterDays: number; user: string; label?: string; ops: Op[] }
  | { op: 'revokeSessions'; user: string; delay?: string }
  | { op: 'revokeTokens'; user: string }
  | { op: 'setUserRole'; user: string; from: string | null; to: string }
  | { op: 'blockNewAssignments'; user: string }
  | { op: 'setUserField'; user: string; field: string; from: JsonValue; to: JsonValue }
  | { op: 'createPlaceholder'; user: string; name: string }
  | {
      op: 'createItem';
      item: string;
      type: string;
      fields: { [field: string]: JsonValue };
      container?: string;
      refs?: { [relation: string]: string };
      status?: string;
    }
  | { op: 'setRef'; item: string; relation: string; from: string; to: string | null }
  | { op: 'setShare'; item: string; user: string; from: string | null; to: string | null }
  | { op: 'moveItem'; item: string; from: string | null; to: string }
  | { op: 'addLink'; item: string; link: string }
  | { op: 'setItem'; item: string; attribute: string; from: JsonValue; to: JsonValue }
  | { op: 'deleteItem'; item: string };

/** Hashes of what the preview was computed from. */
export interface Fingerprint {
  /** Over the three below: what a backend compares. */
  value: string;
  policy: string;
  snapshot: string;
  request: string;
}

/** The preview of one request. */
export interface Preview {
  action: Action;
  /** The policy's id. */
  policy: string;
  verdict: Verdict;
  blockers: Finding[];
  warnings: Finding[];
  seats: Seats[];
  users: UserChange[];
  effects: ItemEffect[];
  /**
   * `conditional` is true for a blocked preview: its lines say what would
   * happen once the blockers are resolved ("Once resolved, would …").
   */
  summary: { headline: string; lines: SummaryLine[]; conditional: boolean };
  plan: Op[];
  fingerprint: Fingerprint;
}

/** How much of a preview a call wants: `full` (the default) or `summary` (no `effects`, no `plan`; their `counts`). */
export type Detail = 'summary' | 'full';

/** A window over a preview's effects and plan, both sliced at the same offset and limit. */
export interface PageRequest {
  /** 0 when absent. */
  offset?: number;
  /** At least 1. */
  limit: number;
}

/** How many effects and plan operations the full preview has. */
export interface PreviewCounts {
  effects: number;
  plan: number;
  /** Effects by kind; kinds with none are left out. */
  byKind: Partial<Record<EffectKind, number>>;
}

/** One page of the full preview's effects and plan. */
export interface PreviewPage {
  offset: number;
  limit: number;
  /** The offset of the next page, or null after the last. */
  next: number | null;
  effects: ItemEffect[];
  plan: Op[];
}

/**
 * A preview in `summary` detail: the full preview without `effects` and `plan`
 * (so `apply` refuses it), with their counts, and a `page` of them when asked.
 * Verdict, findings, seats, users, summary and fingerprint are the full preview's.
 */
export interface PreviewSummary extends Omit<Preview, 'effects' | 'plan'> {
  counts: PreviewCounts;
  page?: PreviewPage;
}

/** `compare` in `summary` detail. */
export interface ComparisonSummary extends Omit<Comparison, 'deactivate' | 'delete'> {
  deactivate: PreviewSummary;
  delete: PreviewSummary;
}

/** Deactivating and deleting the same targets side by side. */
export interface Comparison {
  deactivate: Preview;
  delete: Preview;
  /** True when the policy deletes only deactivated users: `delete` is then deleting after the deactivation. */
  deleteAfterDeactivate: boolean;
  /** One row per aspect (verdict, status, access…), for a two-column table. */
  rows: ComparisonRow[];
}

export interface ComparisonRow {
  aspect: string;
  deactivate: string;
  delete: string;
}

/** Whether one action is available for a selection, and why not. */
export interface ActionChoice {
  action: Action;
  verdict: Verdict;
  blockers: Finding[];
  warnings: Finding[];
}

export interface PresetInfo {
  id: string;
  name: string | null;
  description: string | null;
  /** Where the product's documented behaviour comes from. */
  source: string | null;
}

/** An example request shipped with a preset, runnable on its sample workspace. */
export interface PresetExample {
  name: string;
  description?: string;
  request: Request;
}

export interface Preset {
  policy: PolicyDocument;
  /** A sample workspace the preset's examples run on, or null. */
  sample: Snapshot | null;
  examples: PresetExample[];
}

/** What validatePolicy reports about a valid policy. */
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

export interface WorkspaceStats {
  users: number;
  items: number;
  references: number;
  /** `sha256:…` of the snapshot. */
  fingerprint: string;
}

// ---------------------------------------------------------------- calls

export interface ValidatePolicyInput {
  policy: PolicyInput;
  limits?: Limits;
}

/** A snapshot, or `{ preset }` for a shipped preset's sample workspace. */
export type SnapshotInput = Snapshot | { preset: string };

export interface PreviewInput {
  policy: PolicyInput;
  snapshot: SnapshotInput;
  request: Request;
  limits?: Limits;
  /** `full`, the default; see `SummaryCall` for `summary` and pages. */
  detail?: 'full';
}

/**
 * A preview call asking for `summary` detail, or a page of effects and plan
 * (which implies it): answered with a `PreviewSummary`.
 */
export type SummaryCall<T> = Omit<T, 'detail'> & ({ detail: 'summary'; page?: PageRequest } | { detail?: 'summary'; page: PageRequest });

export interface ApplyInput {
  snapshot: SnapshotInput;
  preview: Preview;
  /** RFC 3339: `later` operations due by then run; the rest go to the snapshot's `scheduled`. */
  at?: string;
  limits?: Limits;
}

export interface CompareInput {
  policy: PolicyInput;
  snapshot: SnapshotInput;
  /** `request.action` is ignored and may be left out. */
  request: Omit<Request, 'action'> & { action?: Action };
  limits?: Limits;
  /** `full`, the default; `{ detail: 'summary' }` answers a `ComparisonSummary`. */
  detail?: 'full';
}

export interface ActionsInput {
  policy: PolicyInput;
  snapshot: SnapshotInput;
  /** `request.action` is ignored and may be left out. */
  request: CompareInput['request'];
  limits?: Limits;
}

export interface LoadInput {
  snapshot: SnapshotInput;
  limits?: Limits;
}

export interface WorkspacePreviewInput {
  policy: PolicyInput;
  request: Request;
  /** `full`, the default; see `SummaryCall` for `summary` and pages. */
  detail?: 'full';
}

export interface WorkspaceCompareInput {
  policy: PolicyInput;
  request: CompareInput['request'];
  /** `full`, the default; `{ detail: 'summary' }` answers a `ComparisonSummary`. */
  detail?: 'full';
}

export interface WorkspaceActionsInput {
  policy: PolicyInput;
  request: CompareInput['request'];
}

/** A sweep: the action previewed for every user matching `where`. */
export interface SweepInput {
  policy: PolicyInput;
  action: Action;
  /** A per-target condition (e.g. `target.status == 'active' && daysSince(target.lastActiveAt) >= 90`); every user but placeholders when absent. */
  where?: string;
  /** By default, for each user, the highest-ranked active user other than that one (lowest id on ties). */
  actor?: string;
  successor?: string;
  options?: Record<string, JsonValue>;
  /** RFC 3339. */
  now: string;
  /** The first matching user to preview; 0 by default. */
  offset?: number;
  /** How many matching users to preview; all by default. */
  limit?: number;
  /** Only `summary`: rows are summary-sized. */
  detail?: 'summary';
}

/** One matching user's preview, in summary. */
export interface SweepRow {
  user: string;
  name?: string;
  /** The actor the preview was computed for. */
  actor: string;
  verdict: Verdict;
  blockers: { code: string; message: string }[];
  /** How many warnings. */
  warnings: number;
  /** Licences whose seat count changes: negative frees seats. */
  seats: { licence: string; change: number }[];
  /** Effects by kind. */
  effects: Partial<Record<EffectKind, number>>;
  /** The preview's `fingerprint.value`. */
  fingerprint: string;
}

export interface SweepTotals {
  users: number;
  allowed: number;
  blocked: number;
  /** By licence: seats freed by allowed users, and seats the blocked ones would free once resolved. */
  seats: { licence: string; reclaimable: number; blocked: number }[];
  /** By blocker code, most users first: the first message and the users it stops. */
  blockers: { code: string; message: string; users: string[] }[];
}

export interface SweepAnswer {
  action: Action;
  policy: string;
  /** Users matching `where` in the whole workspace. */
  matched: number;
  offset: number;
  /** Where the next chunk starts, or null after the last. */
  next: number | null;
  rows: SweepRow[];
  totals: SweepTotals;
}

/** Runs a whole sweep in chunks, reporting progress after each. */
export interface SweepProgress {
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Users per chunk; 100 by default. */
  chunk?: number;
}

/** Initialises the wasm module (fetching the `.wasm` next to the package by default). Harmless to repeat. */
export function init(source?: string | URL | Response | BufferSource | WebAssembly.Module | Promise<Response>): Promise<void>;
/** Initialises the wasm module synchronously from its bytes or a compiled module. */
export function initSync(source: BufferSource | WebAssembly.Module): void;
/** True once the wasm module is initialised. In Node it is initialised on import. */
export function isReady(): boolean;

/** Checks a policy document (or a preset name). */
export function validatePolicy(input: Input<ValidatePolicyInput>): Answer<PolicyCheck>;
/** Previews an action on a workspace. A refused action is a successful preview with `verdict: "blocked"`. */
export function preview(input: SummaryCall<PreviewInput>): Answer<PreviewSummary>;
export function preview(input: Input<PreviewInput>): Answer<Preview>;
/** Applies a preview's plan to its snapshot, giving the snapshot after the action. */
export function apply(input: Input<ApplyInput>): Answer<Snapshot>;
/** Previews deactivating and deleting side by side. */
export function compare(input: Omit<CompareInput, 'detail'> & { detail: 'summary' }): Answer<ComparisonSummary>;
export function compare(input: Input<CompareInput>): Answer<Comparison>;
/** The result of one scenario file. */
export interface ScenarioOutcome {
  name: string;
  passed: boolean;
  steps: number;
  /** One line per mismatch: the step, the JSON pointer and what differs. */
  failures: string[];
}

/** Runs a scenario file (a policy, a snapshot, requests and expected answers; see tests/scenarios/README.md). */
export function runScenario(input: Input<object>): Answer<ScenarioOutcome>;

/** Which actions a selection allows (the buttons a user list shows): every action the policy offers, previewed for the request's targets. */
export function actions(input: Input<ActionsInput>): Answer<ActionChoice[]>;
/** The presets: the shipped ones once 'offboard/presets' is imported, and those registered. */
export function listPresets(): Answer<PresetInfo[]>;
/** One shipped preset by name: its policy, sample workspace and example requests. */
export function preset(input: string | Input<{ name: string }>): Answer<Preset>;
/** A preset to register: a policy whose `id` is its name, with an optional sample and examples. */
export interface PresetRegistration {
  policy: PolicyDocument;
  sample?: Snapshot;
  examples?: PresetExample[];
}
/**
 * Registers policies by name (a product's own, or replacements of shipped
 * presets), so that `policy: "<name>"` works in every call and `listPresets()`
 * and `preset()` include them. Answers the names registered; nothing is
 * registered when one is refused. `__proto__`, `constructor` and `prototype`
 * are refused (`reservedName`); a value JSON cannot represent (a BigInt, a
 * cycle, a getter that throws) answers `invalidInput` with its path.
 */
export function registerPresets(input: Input<Record<string, PresetRegistration>>): Answer<string[]>;

/** A workspace loaded and indexed once, previewed many times. */
export class Workspace {
  private constructor();
  /** Loads `{ snapshot, limits? }`. */
  static load(input: Input<LoadInput>): Answer<Workspace>;
  /** The totals of a whole sweep from the `totals` of its chunks, in order (for hosts that drive the chunks themselves). */
  static mergeSweepTotals(parts: SweepTotals[]): SweepTotals;
  /** Previews `{ policy, request }` over this workspace; the same answer as `preview()`. */
  preview(input: SummaryCall<WorkspacePreviewInput>): Answer<PreviewSummary>;
  preview(input: Input<WorkspacePreviewInput>): Answer<Preview>;
  /** Compares deactivating and deleting; the same answer as `compare()`. */
  compare(input: Omit<WorkspaceCompareInput, 'detail'> & { detail: 'summary' }): Answer<ComparisonSummary>;
  compare(input: Input<WorkspaceCompareInput>): Answer<Comparison>;
  /** Which actions a selection allows; the same answer as `actions()`. */
  actions(input: Input<WorkspaceActionsInput>): Answer<ActionChoice[]>;
  /**
   * Previews the action for every user matching `where`: rows and totals of
   * the chunk asked (`offset`, `limit`; `next` says where to go on). With
   * `progress`, the whole sweep runs in chunks and `onProgress` is called
   * after each; the answer then holds every row.
   */
  sweep(input: Input<SweepInput>, progress?: SweepProgress): Answer<SweepAnswer>;
  /** Counts and the snapshot's fingerprint. */
  stats(): Answer<WorkspaceStats>;
  /** Frees the wasm memory (also `Symbol.dispose`, for `using`); later calls answer with the `workspaceFreed` error. */
  free(): void;
  /** True once freed. */
  readonly freed: boolean;
}
