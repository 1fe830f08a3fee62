package io.agora.core.report.html;

/** Escaping for text that goes into HTML: pair names, tags and exit reasons come from strategies and exchanges. */
final class Html {
  private Html() {}

  /**
   * The text with {@code & < > " '} as character references, safe both as element content and inside a quoted
   * attribute value; null as the empty string.
   */
  static String escape(String s) {
    if (s == null) return "";
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String ref =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (ref == null) {
        if (sb != null) sb.append(c);
      } else {
        if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        sb.append(ref);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
