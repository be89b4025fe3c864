// Text into HTML: the five characters that could end an element or an attribute, as references.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
