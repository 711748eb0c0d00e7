package dev.descent.dataset;

import java.util.List;

/** What a client sees of a dataset before using it. */
public record DatasetInfo(String id, String description, String source, Task task, int rows, int features,
                          List<String> classNames, boolean builtIn) {
}
