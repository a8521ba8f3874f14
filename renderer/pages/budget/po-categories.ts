/**
 * PO-pålägg categories are keys ("anstallda", "over-7-5-ibb") that people
 * never need to see: they see a short name. The two categories Ramkoll
 * itself uses have fixed names; a category the controller added is named by
 * its benämning up to the first colon (the house style of the benämningar:
 * "Anställda: arbetsgivaravgifter …").
 */
const BUILT_IN: Record<string, string> = {
  anstallda: 'Anställda',
  'over-7-5-ibb': 'Lönedel över 7,5 IBB',
};

export function poCategoryLabel(category: string, rates: readonly { category: string; name: string }[]): string {
  const builtIn = BUILT_IN[category];
  if (builtIn) return builtIn;
  const name = rates.find((r) => r.category === category)?.name.trim() ?? '';
  const short = name.split(':')[0]!.trim();
  return short || name || 'Egen kategori';
}

/** The key of a new category, made from the short name the controller types (the key is never shown). */
export function poCategoryKey(shortName: string, taken: readonly string[]): string {
  const base =
    shortName
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 36) || 'kategori';
  let key = base;
  for (let n = 2; taken.includes(key); n++) key = `${base}-${n}`;
  return key;
}
