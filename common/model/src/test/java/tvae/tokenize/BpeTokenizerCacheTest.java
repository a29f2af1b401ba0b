package tvae.tokenize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tvae.data.PythonLinesFixture;
import tvae.data.Split;

class BpeTokenizerCacheTest {
    private final List<String> texts = PythonLinesFixture.standardLibrary().corpus().texts(Split.TRAIN).subList(0, 20_000);

    @Test
    void theSecondRequestLoadsWhatTheFirstTrained(@TempDir Path dir) throws Exception {
        BpeTokenizerCache cache = new BpeTokenizerCache(dir);
        try (BpeTokenizer trained = cache.trainedOn(texts, 1000)) {
            assertEquals(1, cache.trainings());
            try (BpeTokenizer loaded = cache.trainedOn(texts, 1000)) {
                assertEquals(trained.sha256(), loaded.sha256());
                assertEquals(1, cache.trainings(), "loaded, not trained again");
            }
            try (BpeTokenizer otherVocabulary = cache.trainedOn(texts, 900);
                 BpeTokenizer otherTexts = cache.trainedOn(texts.subList(1, texts.size()), 1000)) {
                assertNotEquals(trained.sha256(), otherVocabulary.sha256());
                assertNotEquals(trained.sha256(), otherTexts.sha256());
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(3, entries.filter(p -> !p.getFileName().toString().startsWith(".")).count());
        }
    }

    @Test
    void concurrentTrainersAgreeAndLeaveOneCopy(@TempDir Path dir) throws Exception {
        BpeTokenizerCache cache = new BpeTokenizerCache(dir);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> hashes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                hashes.add(pool.submit(() -> {
                    try (BpeTokenizer tokenizer = cache.trainedOn(texts.subList(0, 5000), 500)) {
                        return tokenizer.sha256();
                    }
                }));
            }
            String first = hashes.get(0).get();
            for (Future<String> hash : hashes) {
                assertEquals(first, hash.get());
            }
        } finally {
            pool.shutdown();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(), entries.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                    "no temporary directories left");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(1, entries.count());
        }
    }
}
