package dev.descent;

import dev.descent.training.ResidentSetPolling;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DescentApplication {

    public static void main(String[] args) {
        ResidentSetPolling.disable();
        SpringApplication.run(DescentApplication.class, args);
    }
}
