/** "1 invitation", "2 invitations": the one way everything the app says counts things. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
