// Stand-in for the 'server-only' marker package under Vitest (plain Node).
export {};
