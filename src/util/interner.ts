// Small integer ids for strings, in order of first use: how names become engine ids.

export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      this.ids.set(text, (id = this.ids.size));
      this.texts.push(text);
    }
    return id;
  }

  /** The id of a string seen before, without giving one to a new string. */
  find(text: string): number | undefined {
    return this.ids.get(text);
  }

  /** The string an id stands for. */
  text(id: number): string {
    const text = this.texts[id];
    if (text === undefined) throw new RangeError(`no string has the id ${id}`);
    return text;
  }
}
