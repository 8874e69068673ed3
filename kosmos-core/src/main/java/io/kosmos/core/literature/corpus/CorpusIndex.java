package io.kosmos.core.literature.corpus;

import io.kosmos.api.Paper;
import io.kosmos.api.Passage;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of a corpus: one document per passage (its paper, locator, offsets and text,
 * searched with BM25 through an English analyzer) and one per paper (its metadata). Searches run on
 * a reader reopened after every update; updates are made by {@link CorpusUpdate}.
 */
final class CorpusIndex implements Closeable {

  static final String TYPE = "type";
  static final String FILE = "file";
  static final String PAPER_ID = "paperId";
  static final String TEXT = "text";
  static final String TITLE = "title";
  private static final int MAX_TERMS = 64;
  private static final Pattern PHRASE = Pattern.compile("\"([^\"]+)\"");

  final Analyzer analyzer = new EnglishAnalyzer();
  final FSDirectory directory;
  private volatile DirectoryReader reader;

  CorpusIndex(Path indexDir) throws IOException {
    this.directory = FSDirectory.open(indexDir);
    refresh();
  }

  IndexWriter writer() throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(analyzer);
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    return new IndexWriter(directory, config);
  }

  /** Opens the reader on what was committed last (none while the index is empty). */
  synchronized void refresh() throws IOException {
    if (!DirectoryReader.indexExists(directory)) {
      return;
    }
    DirectoryReader old = reader;
    if (old == null) {
      reader = DirectoryReader.open(directory);
    } else {
      DirectoryReader changed = DirectoryReader.openIfChanged(old);
      if (changed != null) {
        reader = changed;
        old.decRef(); // closed once the searches that hold it are done
      }
    }
  }

  /** The current reader with a reference taken, or {@code null} while the index is empty. */
  private DirectoryReader acquire() {
    while (true) {
      DirectoryReader r = reader;
      if (r == null || r.tryIncRef()) {
        return r;
      }
    }
  }

  private static void release(DirectoryReader r) {
    try {
      r.decRef();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Document paperDocument(String file, Paper p) {
    Document d = new Document();
    d.add(new StringField(TYPE, "paper", Field.Store.YES));
    d.add(new StringField(FILE, file, Field.Store.YES));
    d.add(new StringField(PAPER_ID, p.id(), Field.Store.YES));
    d.add(new StoredField("paperTitle", p.title()));
    d.add(new StoredField("authors", String.join("\u001f", p.authors())));
    d.add(new StoredField("year", p.year() == null ? "" : p.year().toString()));
    d.add(new StoredField("doi", p.doi() == null ? "" : p.doi()));
    d.add(new StoredField("abstract", p.abstractText()));
    d.add(new StoredField("url", p.url() == null ? "" : p.url()));
    return d;
  }

  static Document passageDocument(
      String file, Paper p, String locator, int start, int end, String text) {
    Document d = new Document();
    d.add(new StringField(TYPE, "passage", Field.Store.NO));
    d.add(new StringField(FILE, file, Field.Store.YES));
    d.add(new StringField(PAPER_ID, p.id(), Field.Store.YES));
    d.add(new StoredField("locator", locator));
    d.add(new StoredField("start", start));
    d.add(new StoredField("end", end));
    d.add(new TextField(TEXT, text, Field.Store.YES));
    d.add(new TextField(TITLE, p.title(), Field.Store.NO));
    return d;
  }

  private static Paper paper(Document d) {
    String authors = d.get("authors");
    String year = d.get("year");
    String doi = d.get("doi");
    String url = d.get("url");
    return new Paper(
        d.get(PAPER_ID),
        doi == null || doi.isEmpty() ? null : doi,
        d.get("paperTitle"),
        authors == null || authors.isEmpty() ? List.of() : Arrays.asList(authors.split("\u001f")),
        year == null || year.isEmpty() ? null : Integer.valueOf(year),
        d.get("abstract") == null ? "" : d.get("abstract"),
        url == null || url.isEmpty() ? null : url,
        PaperCorpus.NAME);
  }

  /** The passages that match a query best, by BM25. */
  List<Passage> search(String query, int limit) {
    Query q = query(query);
    DirectoryReader r = q == null ? null : acquire();
    if (r == null) {
      return List.of();
    }
    try {
      IndexSearcher searcher = new IndexSearcher(r);
      ScoreDoc[] hits = searcher.search(q, limit).scoreDocs;
      StoredFields stored = searcher.storedFields();
      List<Passage> out = new ArrayList<>();
      for (ScoreDoc hit : hits) {
        Document d = stored.document(hit.doc);
        Paper p = paperOf(searcher, d.get(PAPER_ID));
        if (p != null) {
          out.add(passage(p, d));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("the corpus index cannot be read: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  /** A paper's passages in reading order, or an empty list if the corpus has no such paper. */
  List<Passage> paperPassages(String paperId) {
    DirectoryReader r = acquire();
    if (r == null) {
      return List.of();
    }
    try {
      IndexSearcher searcher = new IndexSearcher(r);
      Paper p = paperOf(searcher, paperId);
      if (p == null) {
        return List.of();
      }
      Query q =
          new BooleanQuery.Builder()
              .add(new TermQuery(new Term(PAPER_ID, paperId)), BooleanClause.Occur.FILTER)
              .add(new TermQuery(new Term(TYPE, "passage")), BooleanClause.Occur.FILTER)
              .build();
      StoredFields stored = searcher.storedFields();
      List<Passage> out = new ArrayList<>();
      for (ScoreDoc hit : searcher.search(q, Math.max(1, r.maxDoc())).scoreDocs) {
        out.add(passage(p, stored.document(hit.doc)));
      }
      out.sort(Comparator.comparingInt(Passage::start));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("the corpus index cannot be read: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  /** Every paper of the index. */
  List<Paper> papers() {
    DirectoryReader r = acquire();
    if (r == null) {
      return List.of();
    }
    try {
      IndexSearcher searcher = new IndexSearcher(r);
      StoredFields stored = searcher.storedFields();
      List<Paper> out = new ArrayList<>();
      for (ScoreDoc hit :
          searcher.search(new TermQuery(new Term(TYPE, "paper")), Math.max(1, r.maxDoc()))
              .scoreDocs) {
        out.add(paper(stored.document(hit.doc)));
      }
      out.sort(Comparator.comparing(Paper::id));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("the corpus index cannot be read: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  private static Paper paperOf(IndexSearcher searcher, String paperId) throws IOException {
    Query q =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(PAPER_ID, paperId)), BooleanClause.Occur.FILTER)
            .add(new TermQuery(new Term(TYPE, "paper")), BooleanClause.Occur.FILTER)
            .build();
    ScoreDoc[] hits = searcher.search(q, 1).scoreDocs;
    return hits.length == 0 ? null : paper(searcher.storedFields().document(hits[0].doc));
  }

  private static Passage passage(Paper p, Document d) {
    int start = d.getField("start").numericValue().intValue();
    int end = d.getField("end").numericValue().intValue();
    return new Passage(p, d.get("locator"), start, end, d.get(TEXT));
  }

  /**
   * The query of a user's words: every analyzed word may match the text (and, weighted lower, the
   * paper's title); words in double quotes must match as a phrase. Nothing in the words is syntax
   * that can fail.
   */
  Query query(String words) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    int clauses = 0;
    Matcher m = PHRASE.matcher(words);
    StringBuilder rest = new StringBuilder();
    int at = 0;
    while (m.find()) {
      rest.append(words, at, m.start()).append(' ');
      List<String> terms = terms(m.group(1));
      if (terms.size() > 1) {
        b.add(new PhraseQuery(TEXT, terms.toArray(String[]::new)), BooleanClause.Occur.SHOULD);
        clauses++;
      } else if (terms.size() == 1) {
        rest.append(m.group(1)).append(' ');
      }
      at = m.end();
    }
    rest.append(words.substring(at));
    Set<String> terms = new LinkedHashSet<>(terms(rest.toString()));
    for (String t : terms) {
      if (clauses >= MAX_TERMS) {
        break;
      }
      b.add(new TermQuery(new Term(TEXT, t)), BooleanClause.Occur.SHOULD);
      b.add(new BoostQuery(new TermQuery(new Term(TITLE, t)), 0.3f), BooleanClause.Occur.SHOULD);
      clauses++;
    }
    if (clauses == 0) {
      return null;
    }
    b.add(new TermQuery(new Term(TYPE, "passage")), BooleanClause.Occur.FILTER);
    b.setMinimumNumberShouldMatch(1);
    return b.build();
  }

  List<String> terms(String text) {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(TEXT, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Override
  public synchronized void close() throws IOException {
    DirectoryReader r = reader;
    reader = null;
    if (r != null) {
      r.decRef();
    }
    directory.close();
    analyzer.close();
  }
}
