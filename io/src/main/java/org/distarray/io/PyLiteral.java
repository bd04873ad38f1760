package org.distarray.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python literals of .dnpy headers: dicts with string keys, tuples and lists (both read as lists), strings,
 * integers, True, False and None. Writes dim_data values: strings, integers, booleans, lists and long[]/int[]
 * (as list literals).
 */
final class PyLiteral {
  private final String text;
  private int at;

  private PyLiteral(String text) {
    this.text = text;
  }

  /** The value the text holds; IllegalArgumentException with the position when it is not a literal we read. */
  static Object parse(String text) {
    PyLiteral p = new PyLiteral(text);
    Object v = p.value();
    p.space();
    if (p.at != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  private Object value() {
    space();
    if (at >= text.length()) {
      throw error("a value is missing");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return dict();
      case '(':
        return sequence('(', ')');
      case '[':
        return sequence('[', ']');
      case '\'':
      case '"':
        return string(c);
      default:
        if (c == '-' || Character.isDigit(c)) {
          return integer();
        }
        for (String word : new String[] {"True", "False", "None"}) {
          if (text.startsWith(word, at)) {
            at += word.length();
            return word.equals("None") ? null : word.equals("True");
          }
        }
        throw error("unexpected '" + c + "'");
    }
  }

  private Map<String, Object> dict() {
    Map<String, Object> out = new LinkedHashMap<>();
    at++;
    while (true) {
      space();
      if (peek('}')) {
        at++;
        return out;
      }
      Object key = value();
      if (!(key instanceof String k)) {
        throw error("dict keys must be strings, got " + key);
      }
      space();
      expect(':');
      out.put(k, value());
      space();
      if (peek(',')) {
        at++;
      } else if (!peek('}')) {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> sequence(char open, char close) {
    List<Object> out = new ArrayList<>();
    at++;
    while (true) {
      space();
      if (peek(close)) {
        at++;
        return out;
      }
      out.add(value());
      space();
      if (peek(',')) {
        at++;
      } else if (!peek(close)) {
        throw error("expected ',' or '" + close + "'");
      }
    }
  }

  private String string(char quote) {
    int end = text.indexOf(quote, at + 1);
    if (end < 0) {
      throw error("unterminated string");
    }
    String s = text.substring(at + 1, end);
    at = end + 1;
    return s;
  }

  private Long integer() {
    int start = at;
    if (peek('-')) {
      at++;
    }
    while (at < text.length() && Character.isDigit(text.charAt(at))) {
      at++;
    }
    try {
      long v = Long.parseLong(text.substring(start, at));
      if (peek('L')) {
        at++;
      }
      return v;
    } catch (NumberFormatException e) {
      throw error("bad integer");
    }
  }

  private void space() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private boolean peek(char c) {
    return at < text.length() && text.charAt(at) == c;
  }

  private void expect(char c) {
    if (!peek(c)) {
      throw error("expected '" + c + "'");
    }
    at++;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at character " + at + " of " + text.trim());
  }

  /** The literal of a dim_data value. */
  static String write(Object v) {
    StringBuilder b = new StringBuilder();
    write(v, b);
    return b.toString();
  }

  private static void write(Object v, StringBuilder b) {
    if (v == null) {
      b.append("None");
    } else if (v instanceof String s) {
      b.append('\'').append(s).append('\'');
    } else if (v instanceof Boolean t) {
      b.append(t ? "True" : "False");
    } else if (v instanceof Number n) {
      b.append(n.longValue());
    } else if (v instanceof long[] a) {
      b.append('[');
      for (int i = 0; i < a.length; i++) {
        b.append(i == 0 ? "" : ", ").append(a[i]);
      }
      b.append(']');
    } else if (v instanceof int[] a) {
      b.append('[');
      for (int i = 0; i < a.length; i++) {
        b.append(i == 0 ? "" : ", ").append(a[i]);
      }
      b.append(']');
    } else if (v instanceof List<?> list) {
      b.append('[');
      for (int i = 0; i < list.size(); i++) {
        b.append(i == 0 ? "" : ", ");
        write(list.get(i), b);
      }
      b.append(']');
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(first ? "" : ", ");
        first = false;
        write(String.valueOf(e.getKey()), b);
        b.append(": ");
        write(e.getValue(), b);
      }
      b.append('}');
    } else {
      throw new IllegalArgumentException("no Python literal for " + v.getClass().getName());
    }
  }
}
