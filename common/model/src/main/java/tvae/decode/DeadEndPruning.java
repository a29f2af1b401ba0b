package tvae.decode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tvae.syntax.SyntaxFilter;
import tvae.syntax.Verdict;

/**
 * One beam step's candidates, per sequence ranked best first, without those CPython condemns: a finished line that
 * does not parse and a beginning no continuation can save ({@link DeadPrefixes}). All sequences are judged together,
 * one batch a look. The first look judges each sequence's {@code firstLook} best, the ones the beam can take; a
 * sequence whose judged candidates are all condemned gets a second look further down its list (the next {@code
 * secondLook}), so the beam does not walk into a dead end while a living candidate is within reach. A sequence whose
 * judged candidates are all condemned after both looks keeps its list as it was: the beam goes on as the constraint
 * alone would take it.
 */
final class DeadEndPruning {
    /** What the pruning reads of a candidate. */
    interface Candidate {
        /** Whether it ended (EOS): then CPython judges the line, else the beginning. */
        boolean finished();

        /** Its text so far. */
        String text();

        /** What CPython judges: the text, with the strings and brackets it leaves open closed when not finished. */
        String judgedText();
    }

    private final SyntaxFilter judge;
    private final int firstLook;
    private final int secondLook;

    DeadEndPruning(SyntaxFilter judge, int firstLook, int secondLook) {
        this.judge = judge;
        this.firstLook = firstLook;
        this.secondLook = secondLook;
    }

    /**
     * @param rejected per sequence, where the finished lines CPython condemned go (they compete again at the end, should
     *                 nothing better come of the sequence)
     * @return per sequence, the candidates left, still ranked
     */
    <C extends Candidate> List<List<C>> prune(List<List<C>> ranked, List<List<C>> rejected) {
        int sequences = ranked.size();
        int[] judgedUpTo = new int[sequences];
        List<List<C>> survivors = new ArrayList<>();
        List<List<C>> condemned = new ArrayList<>();
        int[] until = new int[sequences];
        for (int b = 0; b < sequences; b++) {
            survivors.add(new ArrayList<>());
            condemned.add(new ArrayList<>());
            until[b] = Math.min(firstLook, ranked.get(b).size());
        }
        look(ranked, judgedUpTo, until, survivors, condemned);
        for (int b = 0; b < sequences; b++) {
            until[b] = survivors.get(b).isEmpty() ? Math.min(judgedUpTo[b] + secondLook, ranked.get(b).size()) : judgedUpTo[b];
        }
        look(ranked, judgedUpTo, until, survivors, condemned);

        List<List<C>> kept = new ArrayList<>();
        for (int b = 0; b < sequences; b++) {
            List<C> candidates = ranked.get(b);
            if (survivors.get(b).isEmpty()) {
                kept.add(candidates);
                continue;
            }
            condemned.get(b).stream().filter(Candidate::finished).forEach(rejected.get(b)::add);
            List<C> left = survivors.get(b);
            left.addAll(candidates.subList(judgedUpTo[b], candidates.size()));     // not judged yet: the next step will
            kept.add(left);
        }
        return kept;
    }

    /** Judges each sequence's candidates from {@code judgedUpTo[b]} to {@code until[b]} in one batch, and moves it on. */
    private <C extends Candidate> void look(List<List<C>> ranked, int[] judgedUpTo, int[] until, List<List<C>> survivors,
                                            List<List<C>> condemned) {
        List<String> texts = new ArrayList<>();
        for (int b = 0; b < ranked.size(); b++) {
            for (C candidate : ranked.get(b).subList(judgedUpTo[b], until[b])) {
                texts.add(candidate.judgedText());
            }
        }
        if (texts.isEmpty()) {
            return;
        }
        List<Verdict> verdicts;
        try {
            verdicts = judge.checkAll(texts);
        } catch (IOException e) {
            throw new UncheckedIOException("the syntax judge failed while pruning the beam", e);
        }
        int next = 0;
        for (int b = 0; b < ranked.size(); b++) {
            for (C candidate : ranked.get(b).subList(judgedUpTo[b], until[b])) {
                Verdict verdict = verdicts.get(next++);
                boolean dead = candidate.finished() ? verdict.status() == Verdict.Status.INVALID
                        : DeadPrefixes.isDead(candidate.text(), verdict);
                (dead ? condemned : survivors).get(b).add(candidate);
            }
            judgedUpTo[b] = until[b];
        }
    }
}
