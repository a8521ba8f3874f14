/** Types of scripts/verify-fuses.mjs, for the tests. */
export declare const FUSE_STATE: { DISABLE: number; ENABLE: number };
export declare function expectedFuses(electronFuses: Record<string, boolean> | undefined): Record<string, number>;
export declare function packagedBinaries(releaseDir: string): string[];
export declare function verifyFuses(releaseDir?: string): Promise<void>;
