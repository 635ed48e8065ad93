export function formatDuration(ms: number): string;
export function explain(message: string): string;
