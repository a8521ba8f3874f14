import { z } from 'zod';

/**
 * The record kept on a budget version locked while some of its nodes were
 * over their ram: who confirmed it, when, and which nodes by how much. It
 * travels with the version (exchange registry), so it is checked as any
 * received JSON is.
 */
export const overFrameAckSchema = z.strictObject({
  by: z.string().min(1).max(200),
  at: z.string().min(1).max(40),
  nodes: z
    .array(
      z.strictObject({
        code: z.string().min(1).max(40),
        name: z.string().max(200),
        frameOre: z.number().int(),
        budgetedOre: z.number().int(),
        /** budgeted − ram, positive. */
        overOre: z.number().int().positive(),
      }),
    )
    .min(1)
    .max(10_000),
});

export type OverFrameAck = z.infer<typeof overFrameAckSchema>;
export type OverFrameNode = OverFrameAck['nodes'][number];

/** The stored record, or null (none, or one this version cannot read: shown as none rather than failing the list). */
export function parseOverFrameAck(text: string | null): OverFrameAck | null {
  if (text === null) return null;
  try {
    const r = overFrameAckSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
