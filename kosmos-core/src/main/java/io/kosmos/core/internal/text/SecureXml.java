package io.kosmos.core.internal.text;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Parses XML from the network with the JDK's DOM parser, safely: no external entities, no external
 * DTD or schema is ever loaded, entity expansion is limited (secure processing). A DOCTYPE is
 * allowed, because PubMed's answers carry one, but it is not fetched.
 */
public final class SecureXml {

  private SecureXml() {}

  public static Document parse(String xml) throws SAXException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setValidating(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setEntityResolver(
          (publicId, systemId) -> {
            throw new SAXException("external entity refused: " + systemId);
          });
      builder.setErrorHandler(
          new org.xml.sax.ErrorHandler() {
            @Override
            public void warning(org.xml.sax.SAXParseException e) {}

            @Override
            public void error(org.xml.sax.SAXParseException e) throws SAXException {
              throw e;
            }

            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
              throw e;
            }
          });
      return builder.parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
    } catch (IOException e) {
      throw new SAXException(e);
    }
  }

  /** The first child element with a local name, or {@code null}. */
  public static @Nullable Element child(Element parent, String localName) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(localName(e))) {
        return e;
      }
    }
    return null;
  }

  /** The text of the first descendant along a path of local names, or {@code null}. */
  public static @Nullable String text(Element parent, String... path) {
    Element e = parent;
    for (String name : path) {
      e = child(e, name);
      if (e == null) {
        return null;
      }
    }
    return e.getTextContent();
  }

  public static String localName(Element e) {
    return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
  }

  public static java.util.List<Element> children(Element parent, String localName) {
    java.util.List<Element> out = new java.util.ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(localName(e))) {
        out.add(e);
      }
    }
    return out;
  }

  public static java.util.List<Element> elements(NodeList list) {
    java.util.List<Element> out = new java.util.ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      if (list.item(i) instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }
}
