package dev.descent.api;

import dev.descent.dataset.CsvFormatException;
import dev.descent.dataset.DatasetInfo;
import dev.descent.dataset.DatasetService;
import dev.descent.dataset.Task;
import dev.descent.error.ConflictException;
import dev.descent.security.ApiKeyService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The dataset endpoints' parameter handling and error mapping; the service behind is a stand-in. */
@WebMvcTest(DatasetController.class)
class DatasetControllerTest {

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private ApiKeyService keys;
    @MockitoBean
    private DatasetService datasets;

    private final MockMultipartFile csv = new MockMultipartFile("file", "d.csv", "text/csv", "a,y\n1,0\n".getBytes());

    @Test
    void aCsvProblemNamesLineAndColumn() throws Exception {
        when(datasets.upload(any(), eq("y"), any(), any(), any(), anyLong(), any())).thenThrow(new CsvFormatException(7, 3, "empty cell in column 'c'"));
        mvc.perform(multipart("/api/v1/datasets").file(csv).param("labelColumn", "y"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value("line 7, column 3: empty cell in column 'c'"))
                .andExpect(jsonPath("$.line").value(7))
                .andExpect(jsonPath("$.column").value(3));
    }

    @Test
    void theLabelColumnIsRequiredAndTheTaskMustBeKnown() throws Exception {
        mvc.perform(multipart("/api/v1/datasets").file(csv)).andExpect(status().isBadRequest());
        mvc.perform(multipart("/api/v1/datasets").file(csv).param("labelColumn", "y").param("task", "clustering"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("task"));
    }

    @Test
    void aLabelColumnLongerThanItsDatabaseColumnIsRefused() throws Exception {
        mvc.perform(multipart("/api/v1/datasets").file(csv).param("labelColumn", "y".repeat(201)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("labelColumn"));
    }

    @Test
    void uploadNamesLoseControlCharactersAndFallBackToTheFileName() throws Exception {
        MockMultipartFile named = new MockMultipartFile("file", "../../etc/\u0000passwd", "text/csv", "a,y\n1,0\n".getBytes());
        when(datasets.upload(any(), any(), any(), any(), any(), anyLong(), any())).thenReturn(new DatasetInfo("d", "d", "upload",
                Task.CLASSIFICATION, 1, 1, List.of("0", "1"), false));
        mvc.perform(multipart("/api/v1/datasets").file(named).param("labelColumn", "y").param("name", "\u0001\u001b "))
                .andExpect(status().isCreated());
        verify(datasets).upload(eq("../../etc/passwd"), eq("y"), any(), any(), any(), anyLong(), any());
    }

    @Test
    void aPreviewOfAVeryWideDatasetAsksForFewerRows() throws Exception {
        when(datasets.info(eq("wide"), any())).thenReturn(new DatasetInfo("wide", "wide", "upload", Task.REGRESSION, 100,
                99_999, List.of(), false));
        mvc.perform(get("/api/v1/datasets/wide/preview?rows=11")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("rows"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("allow 10 rows")));
    }

    @Test
    void previewRowsAreBoundedAndBuiltInsCannotBeDeleted() throws Exception {
        mvc.perform(get("/api/v1/datasets/iris/preview?rows=100000")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("rows"));
        doThrow(new ConflictException("dataset 'iris' is built in and cannot be deleted")).when(datasets).delete(eq("iris"), any());
        mvc.perform(delete("/api/v1/datasets/iris")).andExpect(status().isConflict());
    }
}
