// Types of what the TypeScript test driver (e2e.test.ts) uses from lib.mjs.
export declare const CODE_SERVER: string;
