// Types of the 'offboard/presets' entry point. Importing it registers the
// shipped presets (policies, sample workspaces, example requests) with the
// engine, at once or when the module is initialised; without it, an app's
// bundle carries none of their data and `policy: "pipedrive"` answers
// `unknownPreset`.

/** The ids of the shipped presets, in order. */
export declare const shippedPresets: readonly string[];
