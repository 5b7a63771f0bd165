package org.ossnet.core.name;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ossnet.core.name.PathConflicts.Conflict;
import org.ossnet.core.name.PathConflicts.Kind;

class PathConflictsTest {

    static Optional<Conflict> first(String... paths) {
        return PathConflicts.first(Arrays.stream(paths).map(RelativePath::parse).toList());
    }

    @Test
    void findsNoneInATreeOfSiblingsAndNestedDirectories() {
        assertThat(first("a/b/c", "a/b/d", "a/e", "ab", "a-b/c", "b")).isEmpty();
        assertThat(PathConflicts.first(List.of())).isEmpty();
    }

    @Test
    void findsAFileThatIsAlsoAnotherFilesDirectoryInEitherOrder() {
        assertThat(first("x", "y", "x/y/z"))
                .hasValueSatisfying(c -> assertThat(c).isEqualTo(conflict(2, 0, Kind.UNDER_FILE, "x/y/z", "x")));
        assertThat(first("x/y/z", "x/y"))
                .hasValueSatisfying(c -> assertThat(c).isEqualTo(conflict(1, 0, Kind.ABOVE_FILE, "x/y", "x/y/z")));
    }

    @Test
    void findsPathsThatDifferOnlyInCaseAndComparesDirectoriesCaseInsensitively() {
        assertThat(first("Docs/README", "docs/readme"))
                .hasValueSatisfying(c -> assertThat(c.kind()).isEqualTo(Kind.CASE_TWIN));
        assertThat(first("straße", "STRASSE"))
                .hasValueSatisfying(c -> assertThat(c.kind()).isEqualTo(Kind.CASE_TWIN));
        assertThat(first("A", "a/b"))
                .hasValueSatisfying(c -> assertThat(c.reason(null))
                        .isEqualTo("'a/b' lies under 'A' (in another case), which is a file;"
                                + " no directory tree can hold both"));
    }

    @Test
    void reportsAnExactDuplicateAsSuch() {
        assertThat(first("a", "a"))
                .hasValueSatisfying(c -> assertThat(c.reason("files[0]")).isEqualTo("'a' duplicates 'a' (files[0])"));
    }

    static Conflict conflict(int index, int other, Kind kind, String path, String otherPath) {
        return new Conflict(index, other, kind, RelativePath.parse(path), RelativePath.parse(otherPath));
    }
}
