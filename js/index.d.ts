// Types of the offboard package. The contract's data types (snapshot,
// request, policy, preview, answers, error codes) are generated from the Rust
// types into types.gen.d.ts (src/schema.rs, feature `schema`); this file adds
// the API: call inputs, answers, functions and the Workspace class.
// tests/js/types.test.mjs type-checks real engine answers (every preset's
// preview, compare, apply) against these declarations with `tsc --strict`.

import type {
  Action,
  ActionChoice,
  Comparison,
  ComparisonSummary,
  Limits,
  OffboardError,
  PageRequest,
  PolicyCheck,
  PolicyDocument,
  PresetInfo,
  Preview,
  PreviewSummary,
  Request,
  ScenarioOutcome,
  Snapshot,
  Sweep,
  SweepAnswer,
  SweepTotals,
  WorkspaceStats,
} from './types.gen.js';

export * from './types.gen.js';

// ---------------------------------------------------------------- answers

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

/** A policy document, or the name of a shipped preset such as "pipedrive". */
export type PolicyInput = PolicyDocument | string;

// ---------------------------------------------------------------- presets
// A preset is assembled from its files (presets/), not from one Rust type.

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

/** A sweep: the action previewed for every user matching `where` (see `Sweep`). */
export interface SweepInput extends Sweep {
  policy: PolicyInput;
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
