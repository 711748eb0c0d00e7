package dev.descent.api;

import dev.descent.security.ApiKeyService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The planning endpoints over the real accountant: parameter forms, validation and problem details. */
@WebMvcTest(PrivacyController.class)
class PrivacyControllerTest {

    // TF Privacy's published check: N=60000, B=150, σ=1.3, 15 epochs, δ=1e-5 ⇒ ε = 0.7242234026109595 at α = 19
    private static final double TF_EPSILON = 0.7242234026109595;

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private ApiKeyService keys;

    private ResultActions get(String path, String query) throws Exception {
        return mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/privacy/" + path + "?" + query));
    }

    @Test
    void epsilonFromSampleRateAndSteps() throws Exception {
        get("epsilon", "sampleRate=0.0025&noiseMultiplier=1.3&steps=6000&delta=1e-5")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.epsilon").value(closeTo(TF_EPSILON, 1e-6 * TF_EPSILON)))
                .andExpect(jsonPath("$.optimalOrder").value(19.0))
                .andExpect(jsonPath("$.classicEpsilon").value(closeTo(0.9418705671682341, 1e-6)))
                .andExpect(jsonPath("$.classicOptimalOrder").value(19.0))
                .andExpect(jsonPath("$.sampleRate").value(0.0025))
                .andExpect(jsonPath("$.noiseMultiplier").value(1.3))
                .andExpect(jsonPath("$.steps").value(6000))
                .andExpect(jsonPath("$.delta").value(1e-5))
                .andExpect(jsonPath("$.datasetSize").doesNotExist())
                .andExpect(jsonPath("$.epochs").doesNotExist());
    }

    @Test
    void epsilonFromDatasetSizeBatchSizeAndEpochs() throws Exception {
        get("epsilon", "datasetSize=60000&batchSize=150&epochs=15&noiseMultiplier=1.3&delta=1e-5")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.epsilon").value(closeTo(TF_EPSILON, 1e-6 * TF_EPSILON)))
                .andExpect(jsonPath("$.sampleRate").value(0.0025))
                .andExpect(jsonPath("$.steps").value(6000))
                .andExpect(jsonPath("$.datasetSize").value(60000))
                .andExpect(jsonPath("$.batchSize").value(150))
                .andExpect(jsonPath("$.epochs").value(15.0));
        // TF Privacy's second check: N=100000, B=100, σ=1.0, 30 epochs, δ=1e-7 ⇒ ε = 1.4154988495444842 at α = 13
        get("epsilon", "datasetSize=100000&batchSize=100&epochs=30&noiseMultiplier=1.0&delta=1e-7")
                .andExpect(jsonPath("$.epsilon").value(closeTo(1.4154988495444842, 1.5e-6)))
                .andExpect(jsonPath("$.optimalOrder").value(13.0));
        // fractional epochs round up to whole steps: 0.1 × 60000 / 150 = 40
        get("epsilon", "datasetSize=60000&batchSize=150&epochs=0.1&noiseMultiplier=1.3&delta=1e-5")
                .andExpect(jsonPath("$.steps").value(40));
        // both forms, agreeing
        get("epsilon", "sampleRate=0.0025&steps=6000&datasetSize=60000&batchSize=150&epochs=15&noiseMultiplier=1.3&delta=1e-5")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.steps").value(6000));
    }

    @Test
    void noiseForATargetEpsilon() throws Exception {
        get("noise", "sampleRate=0.0025&steps=6000&delta=1e-5&targetEpsilon=" + TF_EPSILON)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.noiseMultiplier").value(closeTo(1.3, 1.3e-5)))
                .andExpect(jsonPath("$.epsilon").value(lessThanOrEqualTo(TF_EPSILON)))
                .andExpect(jsonPath("$.epsilon").value(closeTo(TF_EPSILON, 1e-5)))
                .andExpect(jsonPath("$.optimalOrder").value(19.0))
                .andExpect(jsonPath("$.targetEpsilon").value(TF_EPSILON))
                .andExpect(jsonPath("$.steps").value(6000));
        get("noise", "datasetSize=60000&batchSize=150&epochs=15&delta=1e-5&targetEpsilon=1")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.epsilon").value(lessThanOrEqualTo(1.0)))
                .andExpect(jsonPath("$.sampleRate").value(0.0025))
                .andExpect(jsonPath("$.batchSize").value(150));
    }

    @Test
    void aPrivatePcaIsAddedToTheStepsBeforeConverting() throws Exception {
        // one full-batch step at σ = 7 after a PCA at σ_p = 7: RDP α/98 + α/98 = α/49; classic min over α of
        // α/49 + ln(1e5)/(α − 1) is at α = 25 (0.9903575 at 24, 0.9899088 at 25, 0.9911292 at 26)
        get("epsilon", "sampleRate=1&steps=1&noiseMultiplier=7&pcaNoiseMultiplier=7&delta=1e-5")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.classicEpsilon").value(closeTo(25.0 / 49 + Math.log(1e5) / 24, 1e-12)))
                .andExpect(jsonPath("$.classicOptimalOrder").value(25.0))
                .andExpect(jsonPath("$.pcaNoiseMultiplier").value(7.0));
        // the noise for the steps leaves the PCA its share: more than σ = 1.1012 of the steps alone
        get("noise", "sampleRate=0.01&steps=3000&delta=1e-5&targetEpsilon=3&pcaNoiseMultiplier=7")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.epsilon").value(closeTo(3.0, 1e-4)))
                .andExpect(jsonPath("$.epsilon").value(lessThanOrEqualTo(3.0)))
                .andExpect(jsonPath("$.noiseMultiplier").value(closeTo(1.1012, 1e-4)));
        get("noise", "sampleRate=0.01&steps=3000&delta=1e-5&targetEpsilon=3")
                .andExpect(jsonPath("$.noiseMultiplier").value(closeTo(1.0863, 1e-4)))
                .andExpect(jsonPath("$.pcaNoiseMultiplier").doesNotExist());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            // out of range (Bean Validation on the parameters)
            "sampleRate=0.1&noiseMultiplier=1&steps=10&delta=1e-5&pcaNoiseMultiplier=0 | pcaNoiseMultiplier",
            "sampleRate=1.5&noiseMultiplier=1&steps=10&delta=1e-5      | sampleRate",
            "sampleRate=0&noiseMultiplier=1&steps=10&delta=1e-5        | sampleRate",
            "sampleRate=0.1&noiseMultiplier=0&steps=10&delta=1e-5      | noiseMultiplier",
            "sampleRate=0.1&noiseMultiplier=-2&steps=10&delta=1e-5     | noiseMultiplier",
            "sampleRate=0.1&noiseMultiplier=1&steps=0&delta=1e-5       | steps",
            "sampleRate=0.1&noiseMultiplier=1&steps=2000000000&delta=1e-5 | steps",
            "sampleRate=0.1&noiseMultiplier=1&steps=10&delta=0         | delta",
            "sampleRate=0.1&noiseMultiplier=1&steps=10&delta=1         | delta",
            "datasetSize=0&batchSize=1&epochs=1&noiseMultiplier=1&delta=1e-5 | datasetSize",
            "datasetSize=100&batchSize=0&epochs=1&noiseMultiplier=1&delta=1e-5 | batchSize",
            "datasetSize=100&batchSize=10&epochs=0&noiseMultiplier=1&delta=1e-5 | epochs",
            // not a number
            "sampleRate=abc&noiseMultiplier=1&steps=10&delta=1e-5      | sampleRate",
            "sampleRate=0.1&noiseMultiplier=NaN&steps=10&delta=1e-5    | noiseMultiplier",
            // missing
            "sampleRate=0.1&steps=10&delta=1e-5                        | noiseMultiplier",
            "sampleRate=0.1&noiseMultiplier=1&steps=10                 | delta",
            "noiseMultiplier=1&steps=10&delta=1e-5                     | sampleRate",
            "sampleRate=0.1&noiseMultiplier=1&delta=1e-5               | steps",
            "batchSize=10&epochs=1&noiseMultiplier=1&delta=1e-5        | datasetSize",
            "datasetSize=100&epochs=1&noiseMultiplier=1&delta=1e-5     | batchSize",
            "sampleRate=0.1&epochs=1&noiseMultiplier=1&delta=1e-5      | datasetSize",
            // inconsistent
            "datasetSize=100&batchSize=200&epochs=1&noiseMultiplier=1&delta=1e-5 | batchSize",
            "sampleRate=0.5&datasetSize=100&batchSize=10&steps=10&noiseMultiplier=1&delta=1e-5 | sampleRate",
            "datasetSize=100&batchSize=10&epochs=2&steps=30&noiseMultiplier=1&delta=1e-5 | steps",
            "datasetSize=1000000000&batchSize=1&epochs=2&noiseMultiplier=1&delta=1e-5 | epochs",
    })
    void invalidEpsilonRequestsNameTheParameter(String query, String field) throws Exception {
        get("epsilon", query)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.field").value(field))
                .andExpect(jsonPath("$.detail").value(containsString(field)));
    }

    @Test
    void missingOrInconsistentParametersHaveTheShapeOfOutOfRangeOnes() throws Exception {
        for (String query : new String[]{"sampleRate=0.1&noiseMultiplier=1&steps=10",
                "sampleRate=0.1&noiseMultiplier=1&steps=10&delta=2"}) {
            get("epsilon", query)
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("https://descent.dev/problems/invalid-parameter"))
                    .andExpect(jsonPath("$.title").value("Invalid parameter"))
                    .andExpect(jsonPath("$.errors[0].field").value("delta"))
                    .andExpect(jsonPath("$.errors[0].reason").exists());
        }
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "sampleRate=0.1&steps=10&delta=1e-5&targetEpsilon=0        | targetEpsilon",
            "sampleRate=0.1&steps=10&delta=1e-5&targetEpsilon=-1       | targetEpsilon",
            "sampleRate=0.1&steps=10&delta=1e-5                        | targetEpsilon",
            "sampleRate=0.1&steps=10&targetEpsilon=1                   | delta",
            "sampleRate=2&steps=10&delta=1e-5&targetEpsilon=1          | sampleRate",
            "steps=10&delta=1e-5&targetEpsilon=1                       | sampleRate",
            "sampleRate=0.1&delta=1e-5&targetEpsilon=1                 | steps",
            "datasetSize=10&batchSize=20&epochs=1&delta=1e-5&targetEpsilon=1 | batchSize",
    })
    void invalidNoiseRequestsNameTheParameter(String query, String field) throws Exception {
        get("noise", query)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.field").value(field));
    }

    @Test
    void anUnreachableTargetIs422() throws Exception {
        // full batches for 1000 steps: even σ = 10⁶ leaves ε ≈ 0.103 at δ = 1e-5
        get("noise", "sampleRate=1&steps=1000&delta=1e-5&targetEpsilon=0.01")
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.field").value("targetEpsilon"))
                .andExpect(jsonPath("$.detail").value(containsString("cannot be reached")));
    }
}
