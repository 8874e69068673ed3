package io.kosmos.core.literature.corpus;

import io.kosmos.core.internal.text.SecureXml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads a JATS article (the XML of PubMed Central and most publishers): the title, authors, year
 * and DOI from {@code front/article-meta}, the abstract as the section {@code abstract}, and each
 * {@code sec} of the body as {@code section <label> <title>}, its paragraphs ({@code p}, also
 * inside lists, figures' captions and boxed text) in reading order. The reference list is left out.
 * XML is parsed safely ({@link SecureXml}): no DTD is fetched, and the named entities JATS files
 * use without declaring them are turned into characters first.
 */
final class JatsReader {

  private static final Map<String, String> ENTITIES =
      Map.ofEntries(
          Map.entry("nbsp", "\u00a0"),
          Map.entry("ndash", "–"),
          Map.entry("mdash", "—"),
          Map.entry("hellip", "…"),
          Map.entry("lsquo", "‘"),
          Map.entry("rsquo", "’"),
          Map.entry("ldquo", "“"),
          Map.entry("rdquo", "”"),
          Map.entry("times", "×"),
          Map.entry("plusmn", "±"),
          Map.entry("deg", "°"),
          Map.entry("le", "≤"),
          Map.entry("ge", "≥"),
          Map.entry("minus", "−"),
          Map.entry("alpha", "α"),
          Map.entry("beta", "β"),
          Map.entry("gamma", "γ"),
          Map.entry("mu", "μ"),
          Map.entry("micro", "µ"),
          Map.entry("thinsp", "\u2009"));

  private static final Pattern ENTITY = Pattern.compile("&([a-zA-Z][a-zA-Z0-9]*);");
  private static final Pattern YEAR = Pattern.compile("(\\d{4})");

  private JatsReader() {}

  /** Whether an XML file looks like a JATS article (its root element is {@code article}). */
  static boolean isJats(String xml) {
    return Pattern.compile("<article[\\s>]").matcher(xml).find();
  }

  static Extracted read(Path file) throws CorpusFileException {
    String xml;
    try {
      xml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CorpusFileException("cannot be read: " + e.getMessage(), e);
    }
    if (!isJats(xml)) {
      throw new CorpusFileException(
          "is XML but not a JATS article (no <article> root); Kosmos reads JATS, PDF, Markdown and"
              + " text papers");
    }
    Document doc;
    try {
      doc = SecureXml.parse(namedEntitiesToCharacters(xml));
    } catch (SAXException e) {
      throw new CorpusFileException("is not well-formed XML: " + e.getMessage(), e);
    }
    Element article = doc.getDocumentElement();
    Element meta = SecureXml.child(SecureXml.child(article, "front"), "article-meta");
    Extracted.Builder b = new Extracted.Builder();
    metadata(meta, b);
    Element abstractElement = SecureXml.child(meta, "abstract");
    if (abstractElement != null) {
      b.section("abstract", paragraphs(abstractElement));
    }
    Element body = SecureXml.child(article, "body");
    if (body != null) {
      List<String> loose = new ArrayList<>();
      for (Element child : elements(body)) {
        if (!SecureXml.localName(child).equals("sec")) {
          loose.addAll(paragraphs(child));
        }
      }
      b.section("body", loose);
      for (Element sec : SecureXml.children(body, "sec")) {
        section(sec, "", b);
      }
    }
    Extracted out = b.build();
    if (out.text().isBlank()) {
      throw new CorpusFileException("is a JATS article without an abstract or body text");
    }
    return out;
  }

  private static void metadata(Element meta, Extracted.Builder b) {
    String title = SecureXml.text(meta, "title-group", "article-title");
    b.title = title == null ? null : clean(title);
    List<String> authors = new ArrayList<>();
    for (Element group : SecureXml.children(meta, "contrib-group")) {
      for (Element contrib : SecureXml.children(group, "contrib")) {
        String type = contrib.getAttribute("contrib-type");
        if (!type.isEmpty() && !type.equals("author")) {
          continue;
        }
        String surname = SecureXml.text(contrib, "name", "surname");
        String given = SecureXml.text(contrib, "name", "given-names");
        String collab = SecureXml.text(contrib, "collab");
        if (surname != null) {
          authors.add(clean(given == null ? surname : given + " " + surname));
        } else if (collab != null) {
          authors.add(clean(collab));
        }
      }
    }
    b.authors = List.copyOf(authors);
    for (Element date : SecureXml.children(meta, "pub-date")) {
      String year = SecureXml.text(date, "year");
      Matcher m = YEAR.matcher(year == null ? "" : year);
      if (m.find()) {
        b.year = Integer.parseInt(m.group(1));
        break;
      }
    }
    for (Element id : SecureXml.children(meta, "article-id")) {
      if ("doi".equals(id.getAttribute("pub-id-type"))) {
        b.doi = id.getTextContent().strip();
      }
    }
  }

  /** A body section and its subsections, each a section of the text of its own. */
  private static void section(Element sec, String parentTitle, Extracted.Builder b) {
    String label = SecureXml.text(sec, "label");
    String title = SecureXml.text(sec, "title");
    String name = clean((label == null ? "" : label + " ") + (title == null ? "" : title));
    if (name.isEmpty()) {
      name = parentTitle;
    }
    List<String> own = new ArrayList<>();
    for (Element child : elements(sec)) {
      String n = SecureXml.localName(child);
      if (!n.equals("sec") && !n.equals("title") && !n.equals("label")) {
        own.addAll(paragraphs(child));
      }
    }
    b.section(name.isEmpty() ? "body" : "section " + name, own);
    for (Element sub : SecureXml.children(sec, "sec")) {
      section(sub, name, b);
    }
  }

  /** The paragraphs of an element: itself if it is a {@code p}, else every {@code p} within. */
  private static List<String> paragraphs(Element e) {
    List<String> out = new ArrayList<>();
    if (SecureXml.localName(e).equals("p")) {
      String t = clean(e.getTextContent());
      if (!t.isEmpty()) {
        out.add(t);
      }
      return out;
    }
    if (SecureXml.localName(e).equals("title") || SecureXml.localName(e).equals("ref-list")) {
      return out;
    }
    for (Element child : elements(e)) {
      out.addAll(paragraphs(child));
    }
    return out;
  }

  private static List<Element> elements(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element el) {
        out.add(el);
      }
    }
    return out;
  }

  /** Named entities a JATS file may use without declaring them, as characters. */
  static String namedEntitiesToCharacters(String xml) {
    Matcher m = ENTITY.matcher(xml);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement = ENTITIES.get(name);
      m.appendReplacement(
          sb, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String clean(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
