package dev.descent;

import dev.descent.training.ResidentSetPolling;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.time.Clock;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DescentApplication {

    public static void main(String[] args) {
        ResidentSetPolling.disable();
        SpringApplication.run(DescentApplication.class, args);
    }

    /** Time is a dependency: leases are reckoned on this clock. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
