export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/**
 * The little markdown HELM's descriptions use — links, `code`, **bold**, *italics*, paragraphs —
 * as HTML; everything else is escaped, and only http(s) and relative links become anchors.
 */
export function markdownToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => {
      let html = escapeHtml(paragraph);
      html = html.replace(/`([^`]+)`/g, '<code>$1</code>');
      html = html.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, label: string, href: string) =>
        /^(https?:\/\/|#|\/)/.test(href) ? `<a href="${href}" target="_blank" rel="noopener">${label}</a>` : whole,
      );
      html = html.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/\*([^*\s][^*]*)\*/g, '<em>$1</em>');
      return `<p>${html.replace(/\n/g, '<br>')}</p>`;
    })
    .join('');
}
